def tree = new File(basedir, 'rendered/clusters')
assert new File(tree, 'msk/mesh/istiofederation-ams.yaml').text.contains('istio-metadata.k8s-ams2.example.com')
assert new File(tree, 'spb/mesh/istiofederation-ams.yaml').text.contains('istio-metadata.k8s-ams.example.com')
def log = new File(basedir, 'build.log').text
assert log =~ /\[INFO\] Rendered \d+ files for 1 cluster into rendered\/ \(1 changed, 0 removed\)/
return true
