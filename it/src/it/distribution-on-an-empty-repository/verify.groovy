// What the README's "Get dkp-mesh in CI" section tells a pipeline, done on an empty local repository:
//  1. the Maven plugin, built from a pinned source tree (a tag's checkout: here this build's own tree)
//     with the README's install command into that empty repository, then `mvn dkp-mesh:validate` and
//     `mvn dkp-mesh:check` in a GitOps repository that declares the plugin, as the CI recipe runs them;
//  2. the command line as a release asset: dkp-mesh.jar and dkp-mesh.jar.sha256 checked with
//     `sha256sum -c`, then `java -jar dkp-mesh.jar validate` in a folder with no pom and no Maven;
//  3. reproducible builds: every jar the second build made (core, plugin, cli, with their sources and
//     javadoc jars, and dkp-mesh.jar) equals, byte for byte, the one this reactor made in its own
//     folder and local repository, so the asset's sha256 is the one anyone building the tag gets.
// The ITs run offline: the repository this build resolves from stands in for Maven Central.
import java.nio.file.*
import java.security.MessageDigest

def root = new File(repoRoot).canonicalFile
def scratch = Files.createTempDirectory('dkp-mesh-distribution-it').toFile()

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

def copyTree(File from, File to) {
    from.eachFileRecurse { source ->
        def relative = from.toPath().relativize(source.toPath()).toString()
        if (relative.startsWith('rendered') || relative.startsWith('target')) {
            return
        }
        def target = new File(to, relative)
        if (source.isDirectory()) {
            target.mkdirs()
        } else {
            target.parentFile.mkdirs()
            target.bytes = source.bytes
            target.setExecutable(source.canExecute())
        }
    }
}

try {
    // the source tree a tag holds: every file Git tracks or would track, nothing built
    def source = new File(scratch, 'dkp-mesh')
    def listed = run(root, ['git', 'ls-files', '-co', '--exclude-standard', '-z'])
    assert listed.code == 0: listed.err
    listed.out.split('\u0000').findAll { it }.each { path ->
        def from = new File(root, path)
        if (from.isFile()) {
            def to = new File(source, path)
            to.parentFile.mkdirs()
            to.bytes = from.bytes
            to.setExecutable(from.canExecute())
        }
    }
    def empty = new File(scratch, 'm2')
    empty.mkdirs()
    assert empty.list().length == 0
    def central = new File(outerRepository).toURI().toString()
    def settings = new File(scratch, 'settings.xml')
    settings.text = """<settings><mirrors><mirror><id>central-stand-in</id><mirrorOf>*</mirrorOf>
<url>${central}</url></mirror></mirrors></settings>"""
    def maven = ['-s', settings.path, "-Dmaven.repo.local=${empty.path}".toString()]

    // 1. the README: ./mvnw -B -ntp install -DskipTests -Dinvoker.skip -pl plugin,cli -am
    def install = run(source, ['./mvnw', '-B', '-ntp'] + maven
            + ['install', '-DskipTests', '-Dinvoker.skip', '-pl', 'plugin,cli', '-am'])
    assert install.code == 0: "install from the source tree failed:\n${install.out}${install.err}"
    def installed = new File(empty, "io/dkpmesh/dkp-mesh-maven-plugin/${pluginVersion}/dkp-mesh-maven-plugin-${pluginVersion}.jar")
    assert installed.isFile(): 'install put no plugin into the empty repository'

    def gitops = new File(scratch, 'gitops')
    copyTree(new File(root, 'examples/istio-federation'), gitops)
    assert new File(gitops, 'pom.xml').isFile()
    // the README's CI recipe: mvn -B dkp-mesh:validate (then render, check: the committed tree is current)
    def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
    ['dkp-mesh:render', 'dkp-mesh:validate', 'dkp-mesh:check'].each { goal ->
        def used = run(gitops, [mvn, '-B', '-ntp'] + maven + [goal])
        assert used.code == 0: "mvn ${goal} with the installed plugin failed:\n${used.out}${used.err}"
    }
    assert new File(gitops, 'target/dkp-mesh/report.sarif').isFile()

    // 2. the release asset, checked by its sha256, run with no pom and no Maven
    def download = new File(scratch, 'download')
    download.mkdirs()
    ['dkp-mesh.jar', 'dkp-mesh.jar.sha256'].each {
        new File(download, it).bytes = new File(root, "cli/target/${it}").bytes
    }
    def checked = run(download, ['sha256sum', '-c', 'dkp-mesh.jar.sha256'])
    assert checked.code == 0 && checked.out.contains('dkp-mesh.jar: OK'): "${checked.out}${checked.err}"
    def plain = new File(scratch, 'plain')
    copyTree(new File(root, 'examples/istio-federation'), plain)
    new File(plain, 'pom.xml').delete()
    def java = new File(System.getProperty('java.home'), 'bin/java').path
    // nothing on the PATH (no mvn, no git) and a home without ~/.m2
    def nothing = new File(scratch, 'empty-path')
    nothing.mkdirs()
    def noMaven = [PATH: nothing.path, HOME: scratch.path]
    ['render', 'validate', 'check'].each { command ->
        def cli = run(plain, [java, '-jar', new File(download, 'dkp-mesh.jar').path, command], noMaven)
        assert cli.code == 0: "dkp-mesh ${command} from the release asset failed:\n${cli.out}${cli.err}"
    }
    assert new File(plain, 'target/dkp-mesh/report.sarif').isFile()

    // 3. the second build's jars are this build's, byte for byte
    def jars = []
    ['core', 'plugin', 'cli'].each { module ->
        new File(root, "${module}/target").eachFileMatch(~/.*\.jar/) { jars << "${module}/target/${it.name}".toString() }
    }
    assert jars.contains('cli/target/dkp-mesh.jar')
    assert jars.any { it.endsWith('-sources.jar') } && jars.any { it.endsWith('-javadoc.jar') }: jars
    def sha = { File f -> MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }
    jars.each { jar ->
        def again = new File(source, jar)
        assert again.isFile(): "the second build made no ${jar}"
        assert sha(again) == sha(new File(root, jar)): "${jar} differs between two builds of the same source"
    }
    def asset = new File(root, 'cli/target/dkp-mesh.jar.sha256').text.split(/\s+/)[0]
    assert asset == sha(new File(source, 'cli/target/dkp-mesh.jar'))
    println "distribution: ${jars.size()} jars identical in two builds; plugin and CLI used from an empty repository"
} finally {
    scratch.deleteDir()
}
return true
