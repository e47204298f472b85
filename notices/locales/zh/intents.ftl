## Financing intents (issue 5)

cmd-intents = 融资意向
cmd-matches = 匹配推荐
cmd-meetings = 一对一约见

intent-status-proposed = 待确认
intent-status-confirmed = 已确认
intent-status-approved = 已授信批复
intent-status-disbursed = 已放款
intent-status-rejected = 未受理
intent-status-withdrawn = 已撤回
intent-status-expired = 已过期
intent-card = <b>融资意向 #{ $id }</b> · { $status }
    企业：{ $enterprise }
    机构：{ $institution }
    { $kind } · { $amount } · 期限 { $term } 个月
    授信批复：{ $approved } · 已放款：{ $disbursed }
intent-reason = { "" }
    说明：{ $reason }
intent-line = { $number }. #{ $id } { $enterprise } → { $institution } · { $amount } { $kind } · { $status }
intent-list = <b>融资意向</b>（{ $count } 项，待确认的在前）
intent-list-empty = （暂无融资意向）
intent-register-first = 请先发送 /register 登记企业，或通过组织方邀请加入金融机构。
btn-intent-add = ➕ 新增融资意向
btn-intent-open = 查看意向
btn-intent-confirm = ✅ 确认
btn-intent-adjust = ✏️ 调整后确认
btn-intent-reject = ✖️ 不予受理
btn-intent-approve = 📝 授信批复
btn-intent-disburse = 💰 登记放款
btn-intent-withdraw = ↩️ 撤回
btn-intent-withdraw-sure = ↩️ 确认撤回
intent-withdraw-sure = 确定撤回融资意向 #{ $id } 吗？撤回后金融机构不再处理；需要时可以重新提出。

ask-intent-enterprise = 哪家企业？（本场活动的签到 / 报名企业）
ask-intent-enterprise-find = 请输入企业的统一社会信用代码或名称：
intent-enterprise-not-found = 没有找到这家企业，请输入完整的统一社会信用代码或企业名称中的关键词：
intent-enterprise-ambiguous = 有多家企业符合，请输入更完整的名称或统一社会信用代码：
ask-intent-institution = 向哪家金融机构？
ask-intent-amount = 意向金额是多少？例如 5000万、0.5亿。
intent-new-summary = <b>请确认融资意向</b>
    企业：{ $enterprise }
    机构：{ $institution }
    { $kind } · { $amount } · 期限 { $term } 个月
ask-intent-adjust-amount = 调整后的金额？例如 3000万。
intent-adjust-summary = <b>按以下条件确认？</b>
    { $kind } · { $amount } · 期限 { $term } 个月
ask-intent-reason = 请说明不予受理的原因（将告知企业）：
intent-reason-invalid = 原因请用 { $minimum }–{ $maximum } 个字说明：
ask-intent-approved-amount = 授信批复金额是多少？
ask-intent-disbursed-amount = 本次放款金额是多少？（可分次放款，累计不超过批复金额）
intent-amount-invalid = 金额不正确，请重新输入，例如 5000万。
intent-term-invalid = 期限请填写 1–360 个月。
intent-changed = 这项意向已有变化（当前状态：{ $status }），请打开最新的意向卡片再操作。
intent-disburse-over = 放款累计不能超过授信批复金额，本次最多还可放款 { $left }。

intent-done-propose = ✅ 融资意向已提交，等待金融机构确认。
intent-done-record = ✅ 已记录并确认融资意向。
intent-done-confirm = ✅ 已确认融资意向。
intent-done-reject = 已标记为不予受理。
intent-done-approve = ✅ 已登记授信批复。
intent-done-disburse = ✅ 已登记放款。
intent-done-withdraw = 已撤回融资意向。
intent-notice-propose = 📥 有一项新的融资意向待您确认：
intent-notice-record = 📌 金融机构记录了一项融资意向：
intent-notice-confirm = ✅ 融资意向已被金融机构确认：
intent-notice-reject = ✖️ 融资意向未被受理：
intent-notice-approve = 📝 融资意向已获授信批复：
intent-notice-disburse = 💰 融资意向已放款：
intent-notice-withdraw = ↩️ 融资意向已撤回：
intent-notice-expire = ⌛ 融资意向长时间未获答复，已过期：
intent-nudge = ⏰ 这项融资意向已等待超过 { $days } 个工作日，请尽快确认或答复：

## Matching

matches-who = 匹配推荐面向登记企业和金融机构工作人员。
matches-pick-event = 您报名了以下即将举行的活动，选择一场查看与会的匹配对象，或查看全部：
btn-matches-all = 🔎 全部（不限活动）
matches-title-staff = <b>与贵机构产品最匹配的企业</b>
matches-title-enterprise = <b>与贵企业融资需求最匹配的金融产品</b>
matches-none = 暂时没有匹配的对象。完善融资需求或产品信息后再来看看。
match-line = { $number }. <b>{ $head }</b> · 匹配度 { $score }
    　需求：{ $amount } { $kind } · { $term } 个月
    　✓ { $reasons }
match-kind = 融资方式一致
match-amount = 金额在产品范围内
match-term = 期限合适
match-tier = 面向该梯度企业
match-chain = 面向该产业链
match-guarantee = 接受该担保方式
btn-match-record = 📝 记录意向 { $number }
btn-match-propose = 💡 提出意向 { $number }
btn-match-meet = 🤝 约见 { $number }

## Meetings

meetings-title = <b>一对一约见</b>
meetings-none = 暂无约见。在 /matches 中选择活动后可发起约见。
meeting-line = { $event }：{ $enterprise } × { $institution } · { $status } · { $slot }
meeting-status-requested = 待回复
meeting-status-accepted = 已确认
meeting-status-declined = 已婉拒
meeting-status-cancelled = 已取消
btn-meeting-accept = ✅ 接受
btn-meeting-decline = ✖️ 婉拒
btn-meeting-accept-n = ✅ 接受 { $number }
btn-meeting-decline-n = ✖️ 婉拒 { $number }
meeting-requested = 已发出约见请求，对方回复后会通知您。
meeting-accepted = ✅ 已接受约见，时段已安排：
meeting-declined = 已婉拒约见。
meeting-notice-request = 🤝 有一个新的约见请求：
meeting-notice-accept = ✅ 对方已接受约见：
meeting-notice-decline = 对方婉拒了约见：
meeting-event-closed = 这场活动已开始或不再接受约见。
meeting-not-both-signed-up = 双方都报名了这场活动才能约见。
meeting-exists = 你们在这场活动已有约见请求。
meeting-already-answered = 这个约见已经回复过了。
meeting-no-slot = 活动时段已排满，无法再安排约见。
agenda = <b>📋 您的约见日程</b>
    { $event } · { $when } · { $venue }
agenda-line = { $start }–{ $end } 与 { $counterpart }
intent-approve-summary = <b>登记授信批复 { $amount }？</b>
    （确认的意向金额为 { $intended }）此金额将计入项目目标进度。
intent-approve-summary-above = <b>登记授信批复 { $amount }？</b>
    ⚠️ 高于确认的意向金额 { $intended }，请核对单位（万 / 亿）。此金额将计入项目目标进度。
intent-disburse-summary = <b>登记本次放款 { $amount }？</b>
    登记后累计放款 { $total }（授信批复 { $approved }）。
