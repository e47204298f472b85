## Forms keep their promise (issue 10, section 2)

form-chosen-none = （未选择）
form-months = { $months } 个月
btn-offer-need = 按需求：{ $value }
btn-intent-view = { $number }. { $name } · { $status }
intent-notice-amount-changed = 💡 金额有调整：申请 { $asked }，金融机构确认 { $confirmed }。
