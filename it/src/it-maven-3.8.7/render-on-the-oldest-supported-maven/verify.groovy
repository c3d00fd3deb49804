// The plugin declares <prerequisites> 3.8.7 and builds its engine with `new`: on Maven 3.8.7
// (which ignores JSR-330 components compiled for Java 17) render and check must still work, and a
// render in a second Maven with nothing changed must take the no-op path (issue 15), write nothing
// and print what the first render printed. The two invocations share build.log.
def log = new File(basedir, 'build.log').text
assert log.contains('Apache Maven 3.8.7'): 'another Maven ran'
def rendered = (log =~ /\[INFO\] Rendered (\d+) files for 3 clusters into rendered\/ \((\d+) changed, 0 removed\)/).collect { it }
assert rendered.size() == 2: "render ran ${rendered.size()} times"
assert rendered[0][1] == rendered[1][1]
assert rendered[1][2] == '0': "the second render changed ${rendered[1][2]} files"
assert log =~ /\[INFO\] Checked rendered\/: all \d+ rendered files are up to date/: 'check did not pass'
assert log =~ /\[DEBUG\] inputs and tree unchanged since the last render: \d+ files untouched by their stamps, \d+ read and hashed/:
        'the second render did not take the no-op path'
assert !log.contains('[DEBUG] validated the topology in'): 'the no-op validated the topology again'
assert new File(basedir, 'rendered/clusters/msk/mesh/istiofederation-spb.yaml').isFile()
assert new File(basedir, 'target/dkp-mesh').listFiles().any { it.name ==~ /render-state-.*\.bin/ }
return true
