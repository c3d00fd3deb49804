// The pre-commit hook and the GitHub Action run exactly the command lines read here from
// .pre-commit-hooks.yaml (entry, language: script: a path in this repository, run in the user's
// repository) and action.yml (the validate step's run line, with the inputs' defaults in its env),
// in a Git repository holding a copy of an example with no pom: both pass on a current tree, both
// fail on a tree edited by hand, and the action leaves report.sarif where its upload step reads it.
import java.nio.file.*

def root = new File(repoRoot).canonicalFile

def run(File dir, List<String> command, Map<String, String> env = [:]) {
    def builder = new ProcessBuilder(command).directory(dir)
    builder.environment().putAll(env)
    def process = builder.start()
    process.outputStream.close()
    def out = new StringBuilder()
    def err = new StringBuilder()
    process.waitForProcessOutput(out, err)
    [code: process.exitValue(), out: out.toString(), err: err.toString()]
}

/** The value of the first `key: value` line after the line matching `after`, YAML single quotes undone. */
def value(String yaml, String after, String key) {
    def lines = yaml.readLines()
    int from = lines.findIndexOf { it.contains(after) }
    assert from >= 0: "no '${after}'"
    def line = lines.subList(from, lines.size()).find { it.trim().startsWith(key + ':') }
    assert line: "no ${key} after '${after}'"
    def v = line.substring(line.indexOf(key + ':') + key.length() + 1).trim()
    v.startsWith("'") ? v.substring(1, v.length() - 1).replace("''", "'") : v
}

def hooks = new File(root, '.pre-commit-hooks.yaml').text
assert value(hooks, 'id: dkp-mesh-check', 'language') == 'script'
def entry = value(hooks, 'id: dkp-mesh-check', 'entry').split(' ') as List
def action = new File(root, 'action.yml').text
assert value(action, 'runs:', 'using') == 'composite'
def runLine = value(action, '- name: dkp-mesh validate', 'run')
def sarifPath = value(action, 'upload-sarif@', 'sarif_file')
def inputs = ['topology', 'output', 'report-dir', 'baseline', 'fail-on-warning'].collectEntries { input ->
    [(input): value(action, "  ${input}:", 'default').replaceAll(/^'|'$/, '')]
}
def env = [GITHUB_ACTION_PATH: root.path, DKPM_TOPOLOGY: inputs['topology'], DKPM_OUTPUT: inputs['output'],
           DKPM_REPORT_DIR: inputs['report-dir'], DKPM_BASELINE: inputs['baseline'], DKPM_FAIL_ON_WARNING: inputs['fail-on-warning']]
def sarif = sarifPath.replace('${{ inputs.report-dir }}', inputs['report-dir'])
assert sarif == 'target/dkp-mesh/report.sarif'

def repo = Files.createTempDirectory('dkp-mesh-hooks-it').toFile()
try {
    def example = new File(root, 'examples/istio-federation')
    example.eachFileRecurse { source ->
        def relative = example.toPath().relativize(source.toPath()).toString()
        if (relative == 'pom.xml' || relative.startsWith('target')) return
        def target = new File(repo, relative)
        if (source.isDirectory()) target.mkdirs() else { target.parentFile.mkdirs(); target.bytes = source.bytes }
    }
    assert run(repo, ['git', 'init', '-q']).code == 0

    // pre-commit runs a script hook's entry from the hook repository, in the user's repository
    def hook = [new File(root, entry[0]).path] + entry.drop(1)
    def passed = run(repo, hook)
    assert passed.code == 0: "the hook failed on a current tree:\n${passed.out}${passed.err}"
    def validated = run(repo, ['bash', '-c', runLine], env)
    assert validated.code == 0: "the action's validate failed on a current tree:\n${validated.out}${validated.err}"
    assert new File(repo, sarif).isFile()
    new File(repo, sarif).delete()

    def edited = new File(repo, 'rendered/TOPOLOGY.md')
    edited.text = edited.text + 'edited by hand\n'
    def failed = run(repo, hook)
    assert failed.code == 1: "the hook passed a stale tree (${failed.code}):\n${failed.out}${failed.err}"
    assert failed.err.contains('DKPM902')
    def stale = run(repo, ['bash', '-c', runLine], env)
    assert stale.code == 1: "the action's validate passed a stale tree (${stale.code}):\n${stale.out}${stale.err}"
    // the upload step runs if: always(): the SARIF is there for it
    assert new File(repo, sarif).text.contains('DKPM902')
} finally {
    repo.deleteDir()
}
return true
