// The command line and the Maven goals are two front ends over the same engine: on a copy of every
// example and every golden topology, in a Git repository with no pom, each command run through
// `mvn io.dkpmesh:dkp-mesh-maven-plugin:<version>:<goal>` and through the CLI (cli/target/dkp-mesh <command>)
// leaves the same files, byte for byte: the rendered tree and every report (report.json,
// report.sarif, plan.md, plan.json, access.md, access.json, topology.mmd, topology.schema.json),
// and says the same lines. Then the exit codes: 0 on a current tree, 1 on a stale one (as mvn fails).
import java.nio.file.*

def root = new File(repoRoot).canonicalFile
def jar = new File(cliJar)
assert jar.isFile(): "no ${jar}: the cli module builds it"
// the launcher beside it runs the same jar, only with flags that make a short run fast
def launcher = new File(jar.parentFile, 'dkp-mesh')
assert launcher.canExecute()
def settings = new File(basedir.parentFile, 'interpolated-settings.xml')
assert settings.isFile()
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
def java = new File(System.getProperty('java.home'), 'bin/java').path
def plugin = "io.dkpmesh:dkp-mesh-maven-plugin:${pluginVersion}"
def goals = ['render', 'check', 'validate', 'diff', 'access', 'graph', 'schema']

def run(File dir, List<String> command) {
    def process = new ProcessBuilder(command).directory(dir).redirectErrorStream(false).start()
    process.outputStream.close()
    def out = new StringBuilder()
    def err = new StringBuilder()
    process.waitForProcessOutput(out, err)
    [code: process.exitValue(), out: out.toString(), err: err.toString()]
}

def copy(File from, File to) {
    from.eachFileRecurse { source ->
        def relative = from.toPath().relativize(source.toPath()).toString()
        if (relative.startsWith('rendered') || relative.startsWith('expected') || relative.startsWith('target')
                || relative == 'pom.xml') {
            return
        }
        def target = new File(to, relative)
        if (source.isDirectory()) {
            target.mkdirs()
        } else {
            target.parentFile.mkdirs()
            target.bytes = source.bytes
        }
    }
}

/**
 * Every file under dir with its bytes, but Git's own, the render state (named after the tree's
 * absolute path) and the tree's lock file (which names the process that held it).
 */
def files(File dir) {
    def all = new TreeMap()
    dir.eachFileRecurse { f ->
        def relative = dir.toPath().relativize(f.toPath()).toString().replace('\\', '/')
        if (f.isFile() && !relative.startsWith('.git/') && !f.name.startsWith('render-state-')
                && relative != 'rendered/.dkp-mesh/lock') {
            all[relative] = f.bytes
        }
    }
    all
}

def cases = []
new File(root, 'examples').eachDir { cases << it }
new File(root, 'core/src/test/resources/golden').eachDir { cases << it }
assert cases.size() >= 10: "examples and goldens: ${cases}"

def scratch = Files.createTempDirectory('dkp-mesh-cli-it').toFile()
def compared = 0
try {
    cases.sort { it.path }.each { source ->
        def name = source.parentFile.name + '-' + source.name
        // the same folder name on both sides: nothing that names the folder may differ
        def viaMaven = new File(scratch, "mvn/${name}")
        def viaCli = new File(scratch, "cli/${name}")
        [viaMaven, viaCli].each { dir ->
            copy(source, dir)
            assert !new File(dir, 'pom.xml').exists()
            def git = run(dir, ['git', 'init', '-q'])
            assert git.code == 0: git.err
        }
        // no -o: the IT settings mirror every repository to a file: URL, so nothing leaves this machine
        // the two sides work in folders of their own: Maven runs while the CLI does (the machine's cores
        // otherwise idle through Maven's start), and each side's files are compared only once both are done
        def maven = null
        def mavenSide = Thread.start {
            maven = run(viaMaven, [mvn, '-B', '-ntp', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}".toString()]
                    + goals.collect { "${plugin}:${it}".toString() })
        }
        def lines = []
        goals.each { goal ->
            def cli = run(viaCli, [launcher.path, goal])
            assert cli.code == 0: "${name}: dkp-mesh ${goal} exited with ${cli.code}:\n${cli.out}${cli.err}"
            lines.addAll(cli.out.readLines())
            lines.addAll(cli.err.readLines())
        }
        mavenSide.join()
        assert maven != null && maven.code == 0: "${name}: mvn failed:\n${maven?.out}${maven?.err}"
        def left = files(viaMaven)
        def right = files(viaCli)
        assert left.keySet() == right.keySet(): "${name}: files differ: only mvn ${left.keySet() - right.keySet()}, only cli ${right.keySet() - left.keySet()}"
        ['rendered/.dkp-mesh/manifest.json', 'target/dkp-mesh/report.json', 'target/dkp-mesh/report.sarif',
         'target/dkp-mesh/plan.md', 'target/dkp-mesh/plan.json', 'target/dkp-mesh/access.md',
         'target/dkp-mesh/access.json', 'target/dkp-mesh/topology.mmd', 'target/dkp-mesh/topology.schema.json'].each {
            assert left.containsKey(it): "${name}: no ${it} in ${left.keySet()}"
        }
        left.each { path, bytes ->
            assert Arrays.equals(bytes, right[path]): "${name}: ${path} differs between mvn and the CLI"
        }
        // what the CLI says, Maven says too (there behind [INFO] and [WARNING] prefixes)
        def log = maven.out
        lines.findAll { !it.isBlank() }.each { line ->
            assert log.contains(line): "${name}: the CLI said '${line}', mvn did not:\n${log}"
        }
        compared += left.size()

        // a stale tree: both fail, the CLI with exit code 1 and the fix in its words
        def edited = new File(viaCli, 'rendered/TOPOLOGY.md')
        edited.text = edited.text + '\nedited by hand\n'
        def stale = run(viaCli, [java, '-jar', jar.path, 'check'])  // and the jar as such
        assert stale.code == 1: "${name}: check of a stale tree exited with ${stale.code}"
        assert stale.err.contains('DKPM902') && stale.err.contains('run dkp-mesh render and commit the result')
    }
} finally {
    scratch.deleteDir()
}
println "cli-matches-maven-goals: ${cases.size()} topologies, ${compared} files equal byte for byte"
return true
