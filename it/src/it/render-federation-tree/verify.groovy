// Three EE members: one tree per cluster, a peer per other member, and one summary line.
def rendered = new File(basedir, 'rendered')
def msk = new File(rendered, 'clusters/msk')
assert new File(msk, 'kustomization.yaml').isFile()
def mskMesh = new File(msk, 'mesh')
assert mskMesh.listFiles().any { it.name.startsWith('istiofederation-') }: "no IstioFederation in ${mskMesh.list()}"
['spb', 'ams'].each { assert new File(rendered, "clusters/${it}/kustomization.yaml").isFile() }
def federations = mskMesh.listFiles().findAll { it.isFile() && it.text.contains('kind: IstioFederation') }
assert federations.size() == 2: 'msk peers with spb and ams'
assert new File(rendered, '.dkp-mesh/manifest.json').isFile()
assert new File(rendered, 'TOPOLOGY.md').text.contains('c_msk <-->|"retail-federation"| c_spb')

def log = new File(basedir, 'build.log').text
assert log =~ /\[INFO\] Rendered \d+ files for 3 clusters into rendered\/ \(\d+ changed, 0 removed\)/
return true
