def plan = new File(basedir, 'target/dkp-mesh/plan.md').text
assert plan.contains('| removed | IstioFederation | ams | topology change | `clusters/msk/mesh/istiofederation-ams.yaml` |')
assert plan.contains('| removed | IstioFederation | ams | topology change | `clusters/spb/mesh/istiofederation-ams.yaml` |')
assert plan.contains('| removed | ModuleConfig | istio | topology change | `clusters/ams/modules/moduleconfig-istio.yaml` |')
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/dkp-mesh/plan.json'))
// ams: ModuleConfig, two IstioFederations, its federation gateway boundary, three kustomizations; msk and spb: their IstioFederation for ams
assert json.totals.removed == 9
// diff writes nothing to the tree
assert new File(basedir, 'rendered/clusters/msk/mesh/istiofederation-ams.yaml').isFile()
assert new File(basedir, 'rendered/clusters/ams/modules/moduleconfig-istio.yaml').isFile()
def log = new File(basedir, 'build.log').text
assert log =~ /\[INFO\] Plan: 0 to add, 4 to change, 9 to remove; written to target\/dkp-mesh\/plan.md/
return true
