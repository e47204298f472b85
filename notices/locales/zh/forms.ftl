## Forms keep their promise (issue 10, section 2)

form-chosen-none = （未选择）
form-months = { $months } 个月
btn-offer-need = 按需求：{ $value }
btn-intent-view = { $number }. { $name } · { $status }
intent-notice-amount-changed = 💡 金额有调整：申请 { $asked }，金融机构确认 { $confirmed }。
when-month-day-past = 这个日期今年已经过去了。如果指的是明年，请写上年份，例如 { $year }年3月1日 7:30；否则请填写将来的日期。
when-no-such-date = 没有这个日期或时刻（例如 2月30日、24:00），请核对后重新填写。
when-too-far = 这个时间太远了（超过 { $days } 天），请核对年份后重新填写。
when-next-day = 次日 { $time }
notice-moved-was = 原定：{ $when } · { $venue }
free-text-register-first = 您好！请先发送 /register 登记企业（约 2 分钟），登记时即可填写融资需求（如 5000万 贷款），之后可查看匹配的金融产品、报名早餐汇等活动。金融机构工作人员请使用组织方发给您的邀请链接加入。
