## Institutions, staff, products, organizers (issue 3)

cmd-myinstitution = My institution, colleagues and products
cmd-institutions = Institutions and invitations
cmd-people = People (staff, enterprises)
cmd-organizers = Organizers
cmd-audit = Audit trail

inst-kind-bank = Bank
inst-kind-venture = Venture fund
inst-kind-guarantor = Guarantor
inst-kind-insurer = Insurer

none-mark = none
any-mark = any
btn-done = ✔️ Done
btn-previous = ◀️ Previous
btn-next = Next ▶️
btn-audit = 📜 Audit trail

ask-institution-name = Name of the institution (e.g. Bank of Communications Wuhan Branch):
institution-name-length = The institution's name must be { $minimum }–{ $maximum } characters. Please type it again:
ask-institution-kind = Kind of institution:
institution-created = ✅ Institution "{ $name }" created.
institution-duplicate = There is already an institution called "{ $name }". Please choose another name:
institution-suspended = Institution "{ $name }" is suspended: nobody can be invited to it or join it.
institutions-title = <b>Financial institutions</b> ({ $count })
institution-line = { $number }. { $name } · { $kind }
institutions-none = No institutions yet. Press "New institution" or a quick-create button below.
btn-new-institution = ➕ New institution
btn-seed-bank = ➕ { $name }
btn-invite = 🔗 Invitation link
btn-invitations = 📋 Open invitations
btn-new-branch = ➕ New branch
btn-add-product = ➕ Add a product
institution-card = <b>{ $name }</b> ({ $kind })
    Parent: { $parent }
    Branches: { $branches }
    <b>Staff</b>
    { $staff }
    <b>Products</b>
    { $products }
products-none = (no products yet)

invitation-link = 🔗 Staff invitation for "{ $name }" (one person only, valid until { $expires }):
    { $url }
    Send the link to the staff member: opening it makes them staff of this institution.
btn-revoke-invitation = Revoke this invitation
invitations-title = <b>Open invitations</b> ({ $count })
invitation-line = Invitation #{ $number }, valid until { $expires }
btn-revoke-number = Revoke invitation #{ $number }
invitation-revoked = The invitation is revoked; its link no longer works.
invite-not-open = This invitation was already used or revoked.
invite-unknown = This invitation link is not valid. Please ask the organizers for a new one.
invite-used = This invitation link has already been used. Please ask the organizers for a new one.
invite-expired = This invitation link has expired. Please ask the organizers for a new one.
invite-revoked = This invitation link was revoked. Please ask the organizers for a new one.
invite-organizer = You are an organizer and cannot join as institution staff.
invite-suspended = Your account is suspended and cannot join an institution. Please contact the organizers.
invite-enterprise = You represent an enterprise and cannot also be institution staff. Please contact the organizers.
invite-already-staff-here = You are already staff of this institution.
invite-other-staff = You are staff of another institution; ask the organizers to release you first.
staff-joined = ✅ Welcome! You are now staff of "{ $name }" ({ $status }).
    /myinstitution shows your institution, colleagues and products.

status-suspended = suspended
staff-status-invited = joined by invitation (organizers notified)
staff-status-verified = confirmed
staff-status-suspended = suspended
staff-status-revoked = released

term-range = { $low }–{ $high } months
term-one = { $months } months
product-line = { $name } · { $kind } · { $amount }{ $withdrawn }
product-withdrawn-mark = (withdrawn)
product-card = <b>{ $name }</b> ({ $institution })
    Kind: { $kind }
    Amount: { $amount }
    Term: { $term }
    Rate or fee: { $rate }
    Tiers: { $tiers }
    Industry chains: { $chains }
    Security: { $guarantees }
    Conditions: { $conditions }
    Status: { $status }
product-status-active = on offer
product-status-draft = not saved yet
product-status-withdrawn = withdrawn

ask-product-name = Product name (e.g. Specialised SME Loan):
product-name-length = The product name must be { $minimum }–{ $maximum } characters. Please type it again:
ask-product-kind = Kind of financing (equity / loan / bond / insurance / guarantee):
ask-product-amount = Amount range, e.g. 1000万-2亿 (one amount means a fixed amount):
product-amount-range-invalid = Type the amount range as lowest-highest, e.g. 1000万-2亿.
ask-product-term = Term range, e.g. 6-36 months or 1-3 years:
product-term-range-invalid = Type the term as shortest-longest, e.g. 6-36 months or 1-3 years.
product-range-reversed = The lower end of a range cannot exceed the upper end; please type it again.
ask-product-rate = Rate or fee as text (e.g. LPR+0.3% or from 3.45% a year):
product-rate-length = The rate text must be { $minimum }–{ $maximum } characters. Please type it again:
ask-product-tiers = Tiers served (several allowed, none means any); press "Done" when ready:
ask-product-chains = Industry chains served (several allowed, none means any); press "Done" when ready:
ask-product-guarantees = Security accepted (several allowed, none means any); press "Done" when ready:
ask-product-conditions = Conditions (e.g. at least 2 years in business, revenue of 2000万 or more last year):
product-conditions-length = The conditions must be { $minimum }–{ $maximum } characters. Please type them again:
product-summary = <b>Please check the product</b>
ask-product-field = What would you like to change?
product-field-name = Name
product-field-kind = Kind
product-field-amount = Amount
product-field-term = Term
product-field-rate_text = Rate or fee
product-field-target_tiers = Tiers
product-field-target_chain_ids = Industry chains
product-field-guarantees = Security
product-field-conditions = Conditions
product-saved = ✅ Product "{ $name }" saved.
btn-edit-product = ✏️ Edit
btn-withdraw-product = ⏸ Withdraw
btn-offer-product = ▶️ Offer again
product-withdrawn = The product is withdrawn.
product-offered = The product is on offer again.

people-title-staff = <b>Institution staff</b> ({ $count })
people-title-enterprise = <b>Enterprise representatives</b> ({ $count })
people-title-organizer = <b>Organizers</b> ({ $count })
people-title-other = <b>Other users</b> ({ $count })
people-line = { $number }. { $name } { $status }
people-none = (none)
btn-people-staff = Staff
btn-people-enterprise = Enterprises
btn-people-organizer = Organizers
btn-people-other = Others
organizers-hint = Open a person in /people to make them an organizer; organizers listed in ORGANIZER_IDS cannot be removed here.
role-none = not registered
role-enterprise = enterprise
role-staff = institution staff
role-organizer = organizer
person-card = <b>{ $name }</b> { $username }
    Telegram ID: <code>{ $tg_id }</code>
    Role: { $role } { $suspended }
    { $place }
person-place-institution = Institution: { $name } ({ $status })
person-place-enterprise = Enterprise: { $name }, contact { $contact } ({ $phone })
btn-person-verify = ✅ Confirm as staff
btn-person-suspend = ⏸ Suspend
btn-person-reinstate = ▶️ Reinstate
btn-person-revoke = ⛔ Revoke
btn-person-promote = 👑 Make organizer
btn-person-demote = Remove as organizer
person-done-verify = { $name } is confirmed as staff.
person-done-suspend = { $name } is suspended.
person-done-reinstate = { $name } is reinstated.
person-done-revoke = { $name }'s access is revoked.
person-done-promote = { $name } is now an organizer.
person-done-demote = { $name } is no longer an organizer.
person-action-not-now = That action does not apply to this person now.
organizer-last = The last organizer cannot be removed.

audit-usage = Usage: /audit for the latest entries; /audit e followed by an enterprise's number, i by an institution's or v by an event's for one of them, e.g. /audit i3.
audit-subject-unknown = Nothing found with that id.
audit-title-all = <b>Audit trail</b> ({ $count } entries){ $subject }
audit-title-enterprise = <b>Audit trail · enterprise { $subject }</b> ({ $count } entries)
audit-title-institution = <b>Audit trail · institution { $subject }</b> ({ $count } entries)
audit-title-event = <b>Audit trail · event { $subject }</b> ({ $count } entries)
audit-none = (no entries yet)
audit-system = system
audit-entry = <code>{ $at }</code> { $actor } · <b>{ $action }</b> · { $entity } #{ $id }
audit-change = 　{ $change }

staff-joined-notice = 🆕 { $person } joined "{ $institution }" through an invitation link and can now confirm intents for it. Please check who it is; you can revoke the access at once.
btn-review-person = Review this person
