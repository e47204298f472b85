## Forms keep their promise (issue 10, section 2)

form-chosen-none = (none)
form-months = { $months } months
btn-offer-need = As in the need: { $value }
btn-intent-view = { $number }. { $name } · { $status }
intent-notice-amount-changed = 💡 The amount changed: { $asked } was asked, the institution confirmed { $confirmed }.
intent-notice-term-changed = 💡 The term changed: { $asked } { $asked ->
        [one] month
       *[other] months
    } asked, the institution confirmed { $confirmed }.
when-month-day-past = { $month }/{ $day } has already passed this year. If you mean next year, write the year, e.g. { $year }-{ $month }-{ $day } 07:30; otherwise give a future date.
when-no-such-date = There is no such date or time (e.g. 30 February, 24:00); please check and type it again.
when-too-far = That is too far ahead (more than { $days } days); please check the year.
when-next-day = { $time } the next day
notice-moved-was = Was: { $when } · { $venue }
free-text-register-first = Hello! Please send /register first to register your enterprise (about 2 minutes); you state your financing needs (e.g. a CNY 50 million loan) as you register, then see matching products and sign up for events. Staff of financial institutions join through the invitation link an organizer sends them.
matches-none-near = Nothing fits exactly yet. The closest, and why they do not fit:
near-miss-line = { $number }. <b>{ $head }</b>
    　Need: { $amount } { $kind } · { $term } months
    　✗ { $why }
miss-separator = {"; "}
miss-amount = the amount { $need } is outside the product's { $low }–{ $high }
miss-term-short = a { $need }-month term is shorter than the product's minimum of { $low } months
miss-term-long = a { $need }-month term is longer than the product's maximum of { $high } months
miss-tier = the product is not for this tier of enterprise
miss-chain = the product is not for this industry chain
miss-guarantee = the product does not take this guarantee
miss-score = too few of the product's conditions are met
targets-none = No targets yet. Press "➕ New target" below to add one.
staff-joined-welcome = ✅ Welcome! You are now staff of "{ $name }". Status: { $status }.
meeting-line-unslotted = { $event }: { $enterprise } × { $institution } · { $status }
series-plan-none = no rotation (any industry chain)
