def plan = new File(basedir, 'target/dkp-mesh/plan.md').text
assert plan.contains('### Access changes')
assert plan.contains('+ ams/checkout -> msk/shop/payments (authorizationpolicy-shop.payments)\n')
// callers admitted before and after are not listed
assert !plan.contains('spb/checkout -> msk/shop/payments')
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/dkp-mesh/plan.json'))
assert json.access == [[action: 'added', edge: 'ams/checkout -> msk/shop/payments (authorizationpolicy-shop.payments)']]
def log = new File(basedir, 'build.log').text
assert log.contains('+ ams/checkout -> msk/shop/payments (authorizationpolicy-shop.payments)')
// render wrote ACCESS.md beside TOPOLOGY.md; diff left it as it was
def page = new File(basedir, 'rendered/ACCESS.md').text
assert page.contains('| `ams/checkout` | denied | `authorizationpolicy-shop.payments` |')
return true
