## Forms keep their promise (issue 10, section 2)

form-chosen-none = (none)
form-months = { $months } months
btn-offer-need = As in the need: { $value }
btn-intent-view = { $number }. { $name } · { $status }
intent-notice-amount-changed = 💡 The amount changed: { $asked } was asked, the institution confirmed { $confirmed }.
