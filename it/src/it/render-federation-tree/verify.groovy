// Three EE members: one tree per cluster, a peer per other member, and one summary line.
def rendered = new File(basedir, 'rendered')
def msk = new File(rendered, 'clusters/msk/mesh')
assert new File(msk, 'kustomization.yaml').isFile()
assert msk.listFiles().any { it.name.startsWith('istiofederation-') }: "no IstioFederation in ${msk.list()}"
['spb', 'ams'].each { assert new File(rendered, "clusters/${it}/kustomization.yaml").isFile() }
def federations = new File(rendered, 'clusters/msk/mesh').listFiles().findAll { it.isFile() && it.text.contains('kind: IstioFederation') }
assert federations.size() == 2: 'msk peers with spb and ams'
assert new File(rendered, '.dkp-mesh/manifest.json').isFile()

def log = new File(basedir, 'build.log').text
assert log =~ /\[INFO\] Rendered \d+ files for 3 clusters into rendered\/ \(\d+ changed, 0 removed\)/
return true
