// The project becomes a Git repository on branch main; the build's own files stay out of it.
def git(String... args) {
    def command = ['git', '-C', basedir.path] + args.toList()
    def process = command.execute()
    process.outputStream.close()
    def out = new StringBuilder()
    process.waitForProcessOutput(out, out)
    assert process.exitValue() == 0: "${command} failed: ${out}"
}
new File(basedir, '.gitignore').text = 'target/\nbuild.log\n'
git('init', '-q', '-b', 'main')
return true
