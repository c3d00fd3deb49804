// The bundled schema lands in target/dkp-mesh/ and the log says how to point an editor at it.
import groovy.json.JsonSlurper

def file = new File(basedir, 'target/dkp-mesh/topology.schema.json')
assert file.isFile()
def schema = new JsonSlurper().parse(file)
assert schema['$id'] == 'https://dkp-mesh.io/schemas/topology/v1alpha1/topology.schema.json'
def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Wrote the topology JSON Schema to target/dkp-mesh/topology.schema.json;')
assert log.contains('# yaml-language-server: $schema=target/dkp-mesh/topology.schema.json')
return true
