## Forms keep their promise (issue 10, section 2)

form-chosen-none = （未选择）
form-months = { $months } 个月
btn-offer-need = 按需求：{ $value }
btn-intent-view = { $number }. { $name } · { $status }
intent-notice-amount-changed = 💡 金额有调整：申请 { $asked }，金融机构确认 { $confirmed }。
intent-notice-term-changed = 💡 期限有调整：申请 { $asked } 个月，金融机构确认 { $confirmed } 个月。
when-month-day-past = { $month }月{ $day }日今年已经过去了。如果指的是明年，请写上年份，例如 { $year }年{ $month }月{ $day }日 7:30；否则请填写将来的日期。
when-no-such-date = 没有这个日期或时刻（例如 2月30日、24:00），请核对后重新填写。
when-too-far = 这个时间太远了（超过 { $days } 天），请核对年份后重新填写。
when-next-day = 次日 { $time }
notice-moved-was = 原定：{ $when } · { $venue }
free-text-register-first = 您好！请先发送 /register 登记企业（约 2 分钟），登记时即可填写融资需求（如 5000万 贷款），之后可查看匹配的金融产品、报名早餐汇等活动。金融机构工作人员请使用组织方发给您的邀请链接加入。
matches-none-near = 暂时没有完全匹配的对象。最接近的几个，以及不匹配的原因：
near-miss-line = { $number }. <b>{ $head }</b>
    　需求：{ $amount } { $kind } · { $term } 个月
    　✗ { $why }
miss-separator = ；
miss-amount = 金额 { $need } 不在产品额度 { $low }–{ $high } 内
miss-term-short = 期限 { $need } 个月短于产品最短期限 { $low } 个月
miss-term-long = 期限 { $need } 个月长于产品最长期限 { $high } 个月
miss-tier = 产品不面向该梯度的企业
miss-chain = 产品不面向该产业链
miss-guarantee = 产品不接受该担保方式
miss-score = 匹配条件不足
targets-none = 还没有设置目标。点击下方“➕ 设置新目标”添加。
staff-joined-welcome = ✅ 欢迎！您已成为「{ $name }」的工作人员。当前身份：{ $status }。
meeting-line-unslotted = { $event }：{ $enterprise } × { $institution } · { $status }
series-plan-none = 不轮换（不限产业链）
