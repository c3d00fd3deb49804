import groovy.json.JsonSlurper

// against the tree on disk, which the branch's render already updated: nothing to plan
def onDisk = new JsonSlurper().parse(new File(basedir, 'target/on-disk/plan.json'))
assert onDisk.totals.added == 0 && onDisk.totals.changed == 0 && onDisk.totals.removed == 0: onDisk.totals

// against the commit tagged base (the target branch): what merging the branch changes
def plan = new File(basedir, 'target/dkp-mesh/plan.md').text
assert plan.contains('| removed | IstioFederation | ams | topology change | `clusters/msk/mesh/istiofederation-ams.yaml` |')
assert plan.contains('| removed | IstioFederation | ams | topology change | `clusters/spb/mesh/istiofederation-ams.yaml` |')
assert plan.contains('| removed | ModuleConfig | istio | topology change | `clusters/ams/modules/moduleconfig-istio.yaml` |')
def json = new JsonSlurper().parse(new File(basedir, 'target/dkp-mesh/plan.json'))
assert json.totals.added == 0 && json.totals.changed == 4 && json.totals.removed == 9: json.totals
def log = new File(basedir, 'build.log').text
assert log =~ /\[INFO\] Plan: 0 to add, 4 to change, 9 to remove; written to target\/dkp-mesh\/plan.md/

// a ref the clone does not have: one finding, no stack trace, no plan
assert log =~ /error DKPM906 \/: the Git ref 'origin\/no-such-branch' names no commit in /
assert !(log =~ /at io\.dkpmesh/)
assert !new File(basedir, 'target/no-ref/plan.json').exists()

// diff changed nothing: the tree is the branch's, and Git sees no change
assert !new File(basedir, 'rendered/clusters/msk/mesh/istiofederation-ams.yaml').exists()
def status = ['git', '-C', basedir.path, 'status', '--porcelain'].execute().text
assert status.isEmpty(): status
return true
