## Financing intents (issue 5)

cmd-intents = Financing intents
cmd-matches = Matches
cmd-meetings = One-to-one meetings

intent-status-proposed = awaiting confirmation
intent-status-confirmed = confirmed
intent-status-approved = credit approved
intent-status-disbursed = disbursed
intent-status-rejected = rejected
intent-status-withdrawn = withdrawn
intent-status-expired = expired
intent-card = <b>Financing intent #{ $id }</b> · { $status }
    Enterprise: { $enterprise }
    Institution: { $institution }
    { $kind } · { $amount } · term { $term } months
    Approved: { $approved } · disbursed: { $disbursed }
intent-reason = { "" }
    Note: { $reason }
intent-line = { $number }. #{ $id } { $enterprise } → { $institution } · { $amount } { $kind } · { $status }
intent-list = <b>Financing intents</b> ({ $count }, those awaiting confirmation first)
intent-list-empty = (no financing intents yet)
intent-register-first = Please register your company with /register first, or join an institution through an organizer's invitation.
btn-intent-add = ➕ New financing intent
btn-intent-open = Open the intent
btn-intent-confirm = ✅ Confirm
btn-intent-adjust = ✏️ Adjust and confirm
btn-intent-reject = ✖️ Reject
btn-intent-approve = 📝 Credit approved
btn-intent-disburse = 💰 Record disbursement
btn-intent-withdraw = ↩️ Withdraw
btn-intent-withdraw-sure = ↩️ Yes, withdraw
intent-withdraw-sure = Withdraw financing intent #{ $id }? The institution will stop handling it; you can propose again later.

ask-intent-enterprise = Which enterprise? (signed up for or checked in at this event)
ask-intent-enterprise-find = Type the enterprise's unified social credit code or name:
intent-enterprise-not-found = No such enterprise. Type the full credit code or a word of its name:
intent-enterprise-ambiguous = Several enterprises match; type a fuller name or the credit code:
ask-intent-institution = With which institution?
ask-intent-amount = What amount? For example 5000万 or 0.5亿.
intent-new-summary = <b>Please confirm the financing intent</b>
    Enterprise: { $enterprise }
    Institution: { $institution }
    { $kind } · { $amount } · term { $term } months
ask-intent-adjust-amount = The adjusted amount? For example 3000万.
intent-adjust-summary = <b>Confirm on these terms?</b>
    { $kind } · { $amount } · term { $term } months
ask-intent-reason = Why is it rejected? (the enterprise will be told)
intent-reason-invalid = Please give the reason in { $minimum }–{ $maximum } characters:
ask-intent-approved-amount = What amount was approved?
ask-intent-disbursed-amount = How much is disbursed now? (in parts if needed, never more than approved in total)
intent-amount-invalid = That amount is not valid; please type it again, e.g. 5000万.
intent-term-invalid = The term must be 1–360 months.
intent-changed = This intent has changed (now: { $status }); please open its latest card.
intent-disburse-over = Disbursements cannot exceed the approved amount; at most { $left } is left.

intent-done-propose = ✅ Intent submitted; waiting for the institution to confirm.
intent-done-record = ✅ Intent recorded and confirmed.
intent-done-confirm = ✅ Intent confirmed.
intent-done-reject = Marked as rejected.
intent-done-approve = ✅ Credit approval recorded.
intent-done-disburse = ✅ Disbursement recorded.
intent-done-withdraw = Intent withdrawn.
intent-notice-propose = 📥 A new financing intent awaits your confirmation:
intent-notice-record = 📌 An institution recorded a financing intent:
intent-notice-confirm = ✅ The institution confirmed a financing intent:
intent-notice-reject = ✖️ A financing intent was rejected:
intent-notice-approve = 📝 Credit was approved for a financing intent:
intent-notice-disburse = 💰 A financing intent was disbursed:
intent-notice-withdraw = ↩️ A financing intent was withdrawn:
intent-notice-expire = ⌛ A financing intent expired without an answer:
intent-nudge = ⏰ This financing intent has waited more than { $days } working days; please confirm or answer it:

## Matching

matches-who = Matches are for registered enterprises and institution staff.
matches-pick-event = You are signed up for these upcoming events: pick one to see who fits there, or see all:
btn-matches-all = 🔎 All (any event)
matches-title-staff = <b>Enterprises that best fit your products</b>
matches-title-enterprise = <b>Products that best fit your financing needs</b>
matches-none = No matches yet. Complete your needs or products and look again.
match-line = { $number }. <b>{ $head }</b> · fit { $score }
    　Need: { $amount } { $kind } · { $term } months
    　✓ { $reasons }
match-kind = same kind of financing
match-amount = amount within the product's range
match-term = term fits
match-tier = aimed at this tier
match-chain = aimed at this industry chain
match-guarantee = accepts this guarantee
btn-match-record = 📝 Record intent { $number }
btn-match-propose = 💡 Propose intent { $number }
btn-match-meet = 🤝 Meet { $number }

## Meetings

meetings-title = <b>One-to-one meetings</b>
meetings-none = No meetings yet. Pick an event in /matches to ask for one.
meeting-line = { $event }: { $enterprise } × { $institution } · { $status } · { $slot }
meeting-status-requested = awaiting an answer
meeting-status-accepted = confirmed
meeting-status-declined = declined
meeting-status-cancelled = cancelled
btn-meeting-accept = ✅ Accept
btn-meeting-decline = ✖️ Decline
btn-meeting-accept-n = ✅ Accept { $number }
btn-meeting-decline-n = ✖️ Decline { $number }
meeting-requested = Meeting requested; you will be told when they answer.
meeting-accepted = ✅ Meeting accepted; its slot:
meeting-declined = Meeting declined.
meeting-notice-request = 🤝 A new meeting request:
meeting-notice-accept = ✅ Your meeting was accepted:
meeting-notice-decline = Your meeting was declined:
meeting-event-closed = This event has started or takes no more meetings.
meeting-not-both-signed-up = Both sides must be signed up for the event to meet.
meeting-exists = You already have a meeting request at this event.
meeting-already-answered = This meeting was already answered.
meeting-no-slot = The event's slots are full; no more meetings fit.
agenda = <b>📋 Your meeting agenda</b>
    { $event } · { $when } · { $venue }
agenda-line = { $start }–{ $end } with { $counterpart }
intent-approve-summary = <b>Record a credit approval of { $amount }?</b>
    (The confirmed intent is { $intended }.) It will count in the programme's targets.
intent-approve-summary-above = <b>Record a credit approval of { $amount }?</b>
    ⚠️ That is above the confirmed intent of { $intended }: check the unit (万 / 亿). It will count in the programme's targets.
intent-disburse-summary = <b>Record a disbursement of { $amount }?</b>
    Disbursed in total afterwards: { $total } (approved { $approved }).
