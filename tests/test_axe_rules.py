"""The accessibility checks run only axe-core's rules of serious or critical impact
(site_support.serious_rules): sound only while a violation's impact is its rule's.  Checked here
on a page that breaks rules of every impact, with this version of axe-core."""

from __future__ import annotations

from site_support import axe, serious_accessibility_violations, serious_rules

#: rules of each impact broken at once: image-alt (critical), color-contrast (serious),
#: heading-order, landmark-one-main and region (moderate), empty-heading (minor)
BROKEN = """<!DOCTYPE html><html lang="en"><title>broken</title>
<h1>Top</h1><h4>skipped levels</h4><h2></h2>
<p style="color:#bbb;background:#fff">low contrast text</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">"""


def test_a_violation_takes_its_rule_s_impact_and_only_serious_rules_are_run(page):
    page.set_content(BROKEN)
    found = axe(page)["violations"]
    impacts = dict(page.evaluate("() => axe._audit.rules.map((r) => [r.id, r.impact])"))
    assert {v["impact"] for v in found} == {"critical", "serious", "moderate", "minor"}, [(v["id"], v["impact"]) for v in found]
    assert all(v["impact"] == impacts[v["id"]] for v in found), [(v["id"], v["impact"], impacts[v["id"]]) for v in found]
    rules = serious_rules(page)
    assert {"color-contrast", "image-alt", "link-name", "aria-allowed-attr"} <= set(rules)
    assert not {"region", "heading-order", "landmark-one-main", "empty-heading"} & set(rules)
    report = serious_accessibility_violations(page)
    assert sorted(line.split(" ")[0] for line in report.splitlines()) == sorted(
        v["id"] for v in found if v["impact"] in ("serious", "critical")) == ["color-contrast", "image-alt"]
