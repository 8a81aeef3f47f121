import Foundation
import PagerDutyFake

// PLACEHOLDER: the PagerDuty helper turns this into the fake's command-line server.
print("pagerduty-fake")
