// The three invocations share build.log: pass, fail naming the edited file, pass again.
def log = new File(basedir, 'build.log').text
def checked = (log =~ /\[INFO\] Checked rendered\/: all \d+ rendered files are up to date/).count
assert checked == 2: "check passed ${checked} times"
assert log.contains('rendered/clusters/msk/mesh/istiofederation-spb.yaml: error DKPM902 /: was edited by hand since render wrote it')
assert log.contains('run mvn dkp-mesh:render')
assert !log.contains('NOTES.md: error')
assert !(log =~ /at io\.dkpmesh/)
assert new File(basedir, 'rendered/clusters/msk/NOTES.md').text == 'my notes' + System.lineSeparator()
assert !new File(basedir, 'rendered/clusters/msk/mesh/istiofederation-spb.yaml').text.contains('tweaked by hand')
return true
