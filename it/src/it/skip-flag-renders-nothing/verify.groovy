def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Skipping dkp-mesh:render')
assert !log.contains('Rendered ')
assert !new File(basedir, 'rendered').exists()
return true
