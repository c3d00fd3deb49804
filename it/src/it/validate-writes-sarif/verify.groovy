// A warning: the build passes, the warning is one log line, both reports carry it.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] topology.yaml:22:25: warning DKPM304 /spec/clusters/1/metadataEndpoint: ')
assert log.contains('[INFO] Validated topology.yaml: 0 errors, 1 warning; reports in target/dkp-mesh/')

def reports = new File(basedir, 'target/dkp-mesh')
def json = new JsonSlurper().parse(new File(reports, 'report.json'))
assert json.warnings == 1 && json.errors == 0
assert json.findings*.code == ['DKPM304']

def sarif = new JsonSlurper().parse(new File(reports, 'report.sarif'))
assert sarif.version == '2.1.0'
def run = sarif.runs[0]
assert run.tool.driver.name == 'dkp-mesh'
assert run.tool.driver.rules*.id == ['DKPM304']
def result = run.results[0]
assert result.ruleId == 'DKPM304' && result.level == 'warning'
def location = result.locations[0].physicalLocation.artifactLocation
// relative to the repository root (the nearest .git above, here the dkp-mesh checkout), as code scanning resolves it
assert location.uri == 'topology.yaml' || location.uri.endsWith('/validate-writes-sarif/topology.yaml')
assert location.uriBaseId == '%SRCROOT%'
assert run.artifacts[location.index].location.uri == location.uri
def rule = run.tool.driver.rules[0]
assert rule.fullDescription.text && rule.help.text && rule.help.markdown && rule.helpUri
assert result.locations[0].physicalLocation.region.startLine == 22
return true
