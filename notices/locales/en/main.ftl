## Greetings, help, language, menus

start-none = Hello, { $name }! This is the Wuhan Breakfast Meetup (早餐汇) and One Chain a Month (一月一链) financing matchmaking assistant.
    Enterprises register here, state financing needs, sign up for matchmaking events and follow their financing intents with banks and investors.
    Send /register to register your company (about 3 minutes).
start-enterprise = Hello, { $name }! <b>{ $company }</b> is registered.
    /profile shows or edits your company and financing needs; /need adds a financing need.
start-staff = Hello, { $name }! You are using this assistant as financial institution staff. /help lists what you can do.
start-suspended = Hello, { $name }. The organizers have suspended your account, so the assistant's features are paused for you. Please contact the programme organizers if this is unexpected.
start-organizer = Hello, { $name }! You are an organizer. /help lists what you can do.

help-none = <b>Commands</b>
help-enterprise = <b>Commands for enterprises</b>
help-staff = <b>Commands for institution staff</b>
help-organizer = <b>Commands for organizers</b>

cmd-start = Start
cmd-register = Register your company
cmd-help = Help
cmd-lang = Language
cmd-cancel = Cancel the current step
cmd-profile = Company and financing needs
cmd-need = Add a financing need

lang-choose = 请选择语言 / Choose your language:
lang-name-zh = 中文
lang-name-en = English
lang-switched = Switched to English.

cancelled = Cancelled; nothing was saved.
nothing-to-cancel = There is nothing to cancel.
unknown-command = There is no such command. Send /help to see what you can do.
not-understood = Sorry, I did not understand that. Send /help to see what you can do.
error-delivery = Sorry, Telegram could not deliver the reply just now. What you did is saved; send /start in a moment to go on.
error-generic = Sorry, something went wrong. What you filled in is kept; please try again in a moment.
not-allowed = You are not allowed to do that.

## Forms

form-resumed = Let's continue where you left off:
form-use-buttons = Please choose with the buttons below.
form-contact-not-now = No contact is needed at this step.
form-stale-button = This button is out of date; please use the latest message.
form-no-choices = There is nothing to choose from here yet, so this form has ended and nothing was saved. Create what it needs first, then try again.
form-invalid-choice = That is not one of the options.
form-chosen = { $label }
form-command-not-answer = An answer is needed here, not a command. Send /cancel to give up.

btn-confirm = ✅ Submit
btn-edit = ✏️ Edit
btn-cancel = ✖️ Cancel
btn-share-phone = 📱 Share my phone number

## Enterprise fields

ask-name = Company's full registered name (as on the business licence):
name-length = The company name must be { $minimum }–{ $maximum } characters; yours has { $length }. Please type it again:
ask-uscc = The 18-character unified social credit code (e.g. 91330100799655058B):
uscc-error-length = A unified social credit code has 18 characters. Please check it and type it again.
uscc-error-characters = A unified social credit code has only digits and capital letters (no I, O, S, V or Z). Please check it and type it again.
uscc-error-check = The check character of this code does not match; a character may be mistyped. Please check the business licence and type it again.
enterprise-duplicate-uscc = This code is already registered by "{ $company }" (contact { $contact }).
    If you work there too, ask that contact or the programme organizers to add you; no second registration is needed.
ask-tier = The company's tier:
tier-innovative = Innovative SME
tier-specialized = Specialised & sophisticated SME
tier-little_giant = "Little giant"
tier-champion = Single-product champion
tier-other = Other
ask-chain = The company's industry chain:
ask-district = District:
district-jiangan = Jiang'an
district-jianghan = Jianghan
district-qiaokou = Qiaokou
district-hanyang = Hanyang
district-wuchang = Wuchang
district-qingshan = Qingshan
district-hongshan = Hongshan
district-dongxihu = Dongxihu
district-hannan = Hannan
district-caidian = Caidian
district-jiangxia = Jiangxia
district-huangpi = Huangpi
district-xinzhou = Xinzhou
district-east_lake_hitech = East Lake High-tech Zone (Optics Valley)
district-wuhan_econ_dev = Wuhan Economic & Technological Development Zone
district-east_lake_scenic = East Lake Scenic Area
district-changjiang_new = Changjiang New Area
ask-contact-name = Contact person's name:
contact-name-length = The contact's name must be { $minimum }–{ $maximum } characters. Please type it again:
ask-phone = Contact phone: share your number with the button below, or type it (e.g. 13812345678 or 027-87654321).
phone-invalid = That is not a valid phone number. Type an 11-digit mobile (13812345678) or a landline with area code (027-87654321).
phone-not-yours = Please share your own number, or type the contact phone.
phone-recorded = 📞 Phone recorded: { $phone }

## Financing needs

ask-amount = Financing need { $count }: how much?
    E.g. 50 million, 1.2 billion, 5000万, 0.5亿 or 5,000,000.
amount-error-empty = Please type an amount, e.g. 5000万.
amount-error-nonsense = I could not read that amount. Type it like 50 million, 1.2 billion, 5000万, 0.5亿 or 5,000,000.
amount-error-not_positive = The amount must be more than zero, e.g. 5000万.
amount-error-too_small = The amount must be at least { $minimum }, e.g. 500万.
amount-error-too_small-wan = The amount must be at least { $minimum }. Did you mean { $guess }? Please type it with its unit, e.g. { $guess }.
amount-error-too_large = The amount cannot exceed { $maximum }; check the unit (万 / 亿), e.g. 1.2亿.
amount-error-fraction = Please give the amount in whole yuan, e.g. 5000万 or 1.2亿.
ask-kind = Kind of financing (equity / loan / bond / insurance / guarantee):
kind-equity = Equity
kind-loan = Loan
kind-bond = Bond
kind-insurance = Insurance
kind-guarantee = Guarantee
ask-term = Term in months? E.g. 12, 18 months or 3 years.
term-invalid = The term must be 1–{ $maximum } months, e.g. 12, 18 months or 3 years.
ask-purpose = Purpose of the funds (e.g. new production line, R&amp;D, working capital):
purpose-length = Please describe the purpose in { $minimum }–{ $maximum } characters:
ask-guarantee = Security offered:
guarantee-credit = Unsecured (credit)
guarantee-mortgage = Mortgage
guarantee-pledge = Pledge
guarantee-surety = Surety
guarantee-other = Other
ask-more-needs = Any other financing need?
btn-more-needs = ➕ Add another
btn-no-more-needs = No, review
need-line = { $number }. { $amount } · { $kind } · { $term } months · { $guarantee }
    　Purpose: { $purpose }
needs-none = (no financing needs yet)

## Registration

register-summary = <b>Please check your registration</b>
    { $card }
    <b>Financing needs</b>
    { $needs }
ask-field-to-edit = What would you like to change?
field-name = Company name
field-uscc = Unified social credit code
field-tier = Tier
field-chain_id = Industry chain
field-district = District
field-contact_name = Contact
field-phone = Phone
field-needs = Fill in the financing needs again
enterprise-card = <b>{ $name }</b>
    Credit code: <code>{ $uscc }</code>
    Tier: { $tier }
    Industry chain: { $chain }
    District: { $district }
    Contact: { $contact } ({ $phone })
register-saved = ✅ Registered! "{ $name }" and { $count } financing need(s) are saved.
    The organizers will suggest events and products on this basis. Send /profile any time to view or edit.
enterprise-already-registered = Your company is already registered; send /profile to view or edit it.

## Profile

profile = { $card }
    <b>Financing needs</b>
    { $needs }
profile-none = You have not registered a company yet. Send /register to start.
profile-updated = ✅ { $field } updated.
btn-edit-profile = ✏️ Edit company
btn-add-need = ➕ Add a financing need
btn-close-need = Withdraw need { $number }
need-summary = <b>Please check the financing need</b>
    { $needs }
need-saved = ✅ Financing need saved. Send /profile to see all of them.
need-register-first = Please register your company with /register first.
need-closed = The financing need was withdrawn.
ask-close-need = Withdraw this financing need? It will no longer be suggested to institutions.
    { $need }
btn-close-need-confirm = Withdraw
btn-keep-need = Keep it
need-kept = The financing need is kept.
