// The diagram goes to the log and to target/dkp-mesh/topology.mmd; nothing is rendered.
def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Mermaid graph of topology.yaml written to target/dkp-mesh/topology.mmd:')
def mmd = new File(basedir, 'target/dkp-mesh/topology.mmd').text
assert mmd.startsWith('flowchart LR\n')
['msk', 'spb', 'ams'].each {
    assert mmd.contains("c_${it}[\"${it}<br/>"): "no node for ${it}"
    assert log.contains("c_${it}[\"${it}<br/>"): "the log lacks ${it}"
}
assert mmd.contains('c_msk <-->|"retail-federation"| c_spb')
assert !new File(basedir, 'rendered').exists()
return true
