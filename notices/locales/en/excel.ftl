## Lists for the door and the desk, walk-ins, the enterprise directory, Excel export and import (issue 9)

cmd-signups = Event sign-up lists (door and desk)
cmd-export = Export to Excel (all data)
cmd-claimlinks = Claim links for enterprises (Excel)

btn-signups = 👥 Sign-up list
btn-signups-xlsx = 📥 List as Excel
btn-walkin = 🚶 Register a walk-in
signups-title = <b>{ $title }</b> (#{ $id }) sign-ups: { $count }, seated { $seated }, checked in { $checked }
signups-staff-note = (only enterprises your institution deals with)
signups-none = No sign-ups to show.
signups-line = { $number }. <b>{ $name }</b> · { $contact } { $phone }
    　{ $details } · { $place } · { $status }
signups-seat = seat
signups-waitlist = waitlist #{ $place }
signups-walk-in = (walk-in)
signups-institution = institution
signups-file-caption = 📥 Sign-ups of "{ $title }" ({ $count } rows)
signups-pick = Choose an event to see its sign-ups (or send /signups event-number):
signups-event-button = #{ $id } { $start } { $title }
signups-no-events = No recent events.

ask-walkin-who = 🚶 Walk-in: type the visiting company's name (or part of it) or its unified social credit code:
walkin-who-invalid = Type a company name of 2–100 characters, or an 18-character credit code:
ask-walkin-pick = These companies match; choose the visitor, or "new company" if none is:
btn-walkin-new = ➕ None of these: a new company
ask-walkin-contact = The visitor's (contact's) name:
ask-walkin-phone = The visitor's phone (mobile or landline):
btn-walkin-confirm = ✅ Check in
walkin-confirm-known = Please confirm: <b>{ $name }</b> ({ $uscc }) came to "{ $title }" unannounced; record a check-in.
walkin-confirm-new = Please confirm the new company and its check-in at "{ $title }":
    Company: <b>{ $name }</b>
    Credit code: { $uscc }
    Contact: { $contact } { $phone }
    District: { $district }
    (Tier "other", the event's chain; the company can change them in /profile once it claims its record.)
walkin-done = ✅ "{ $name }" registered as a walk-in and checked in. Enterprise check-ins at this event: { $visits }.
walkin-already = "{ $name }" has already checked in at this event.
walkin-event-not-running = This event is not open or was cancelled: no check-ins.
walkin-too-early = Walk-ins can be registered from 3 hours before the start.

directory-title = <b>Enterprises</b> ({ $count }, by company name)
directory-search-title = <b>Enterprises matching "{ $query }"</b>: { $count }
directory-line = { $number }. { $name } · { $uscc }
directory-none = No enterprise matches.
directory-hint = Search: /people part-of-name or /people credit-code-prefix
directory-no-representative = (nobody in Telegram yet: make a claim link)
directory-card = <b>{ $name }</b>
    Credit code: { $uscc }
    Tier: { $tier }
    Chain: { $chain }
    District: { $district }
    Contact: { $contact } { $phone }
    Open financing needs: { $needs }
    <b>Telegram representatives</b>
    { $people }
btn-claim-link = 🔗 Make a claim link
claim-link = 🔗 Claim link for "{ $name }" (one person only, valid { $days } days; a new link voids older ones):
    { $url }
    Send it to the company's contact: whoever opens it becomes the company's representative in the bot.
claim-done = ✅ You now represent "{ $name }". /profile to check the company's details and financing needs.
claim-already-represented = This enterprise already has a representative. Ask an organizer to change it.
claim-organizer = You are an organizer and cannot claim an enterprise.
claim-staff = You are institution staff and cannot also represent an enterprise. Ask an organizer.
btn-claim-links = 🔗 Make a sheet of claim links
claim-links-none = Every enterprise has a representative: no claim links needed.
claim-links-caption = 🔗 Claim links for { $count } enterprises (each for one person, valid { $days } days; earlier unused links no longer work).

export-caption = 📊 All data (enterprises, needs, institutions, products, events, sign-ups and check-ins, intents and their history, targets and progress; amounts in 万元).
import-started = ⏳ Checking "{ $name }"…
import-done = ✅ Imported.
import-counts-enterprises = Enterprises: { $created } new, { $updated } updated, { $unchanged } unchanged
import-counts-institutions = Institutions: { $created } new, { $updated } updated, { $unchanged } unchanged
import-counts-products = Products: { $created } new, { $updated } updated, { $unchanged } unchanged
import-skipped = Sheets for reading only, not imported: { $sheets }
import-refused = ❌ Nothing imported: { $count } problems found and nothing was changed. Fix them and send the file again. The list is attached:
import-more-problems = …and { $count } more problems, see the attachment.
import-where = "{ $sheet }" row { $row }
import-line = • { $where }: { $reason }
import-line-value = • { $where } "{ $value }": { $reason }
import-report-caption = 📋 Import problems
import-download-failed = The file could not be downloaded; please send it again later.
import-problem-not-xlsx-name = Please send an Excel workbook (.xlsx). Save a CSV or .xls as .xlsx in Excel/WPS first.
import-problem-not-xlsx = This file is not a valid .xlsx workbook (perhaps a CSV or an old .xls renamed). Save it as .xlsx in Excel/WPS and send it again.
import-problem-empty-file = The file is empty.
import-problem-too-large = The file is larger than { $megabytes } MB; split it and send the parts.
import-problem-too-many-rows = A sheet has more than { $maximum } rows; split it and send the parts.
import-problem-no-sheet = No sheet to import: an enterprise roster needs the columns 企业名称 and 统一社会信用代码; institutions 机构名称 and 机构类型; products 机构名称, 产品名称 and 融资方式.
import-problem-no-rows = The workbook has no data rows.
import-problem-missing-columns = Required columns missing: { $columns }
import-problem-duplicate = repeats row { $row } of this file
import-problem-missing-uscc = no credit code
import-problem-uscc-length = a credit code has 18 characters
import-problem-uscc-characters = the credit code has characters that are not allowed (no I, O, S, V, Z)
import-problem-uscc-check = the credit code's check character is wrong
import-problem-name-length = a name has { $minimum }–{ $maximum } characters
import-problem-unknown-tier = unknown tier (创新型中小企业, 专精特新中小企业, 专精特新"小巨人", 单项冠军, 其他)
import-problem-unknown-district = unknown district (Wuhan's districts, or zones like 光谷, 经开区)
import-problem-unknown-chain = unknown industry chain (must be one of the bot's chains)
import-problem-unknown-kind = unknown financing kind (股权, 贷款, 债券, 保险, 担保)
import-problem-unknown-guarantee = unknown guarantee (信用, 抵押, 质押, 保证, 其他)
import-problem-unknown-institution-kind = unknown institution kind (银行, 创投, 担保, 保险)
import-problem-unknown-yes-no = write 是 or 否
import-problem-contact-length = the contact name is too long (50 characters at most)
import-problem-bad-phone = not a phone number
import-problem-bad-amount = an amount is a number above 0 (in 万元)
import-problem-bad-term = a term is a whole number of months, 1–{ $maximum }
import-problem-new-needs-chain_id = a new enterprise needs an industry chain
import-problem-new-needs-district = a new enterprise needs a district
import-problem-new-needs-kind = a new institution needs a kind
import-problem-unknown-parent = the parent institution does not exist
import-problem-unknown-institution = the institution does not exist (add it in the institutions sheet or with /institutions)
import-problem-new-product-needs = a new product needs a financing kind, a minimum and a maximum amount
import-problem-range-reversed = the minimum is above the maximum
import-problem-conflict = Someone changed the same records while this file was imported; nothing was changed. Please send the file again.
export-started = ⏳ Building the workbook…
export-usage = Usage: /export (this month's figures) or /export last month, /export 2026-05, /export 2026Q2, /export 2026-01-01~2026-06-30
