// A CE member in a federation: the finding points at the edition, and nothing is written.
def log = new File(basedir, 'build.log').text
assert log.contains('topology.yaml:16:16: error DKPM203 /spec/clusters/1/edition: ')
assert log.contains('1 error, 0 warnings')
// bad input is not a crash, not even with -e
assert !log.contains('at io.dkpmesh')
assert !log.contains('MojoExecutionException')
assert !new File(basedir, 'rendered').exists()
return true
