// The plugin declares <prerequisites> 3.8.7 and builds its engine with `new`: on Maven 3.8.7
// (which ignores JSR-330 components compiled for Java 17) render and check must still work.
def log = new File(basedir, 'build.log').text
assert log.contains('Apache Maven 3.8.7')
assert log =~ /\[INFO\] Rendered \d+ files for 3 clusters into rendered\/ \(\d+ changed, 0 removed\)/
assert log =~ /\[INFO\] Checked rendered\/: all \d+ rendered files are up to date/
assert new File(basedir, 'rendered/clusters/msk/mesh/istiofederation-spb.yaml').isFile()
return true
