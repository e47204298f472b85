## Events: 早餐汇 / 一月一链 sessions, sign-ups, reminders, check-in

cmd-events = 对接活动
cmd-myevents = 我的报名
cmd-newevent = 新建活动场次
cmd-series = 系列活动
cmd-newseries = 新建系列活动

series-kind-breakfast = 早餐汇
series-kind-chain_month = 一月一链
event-status-draft = 草稿
event-status-open = 报名中
event-status-closed = 报名截止
event-status-held = 已举办
event-status-archived = 已归档
event-status-cancelled = 已取消
registration-registered = 已报名
registration-waitlisted = 候补中
registration-checked_in = 已签到
registration-no_show = 未到场
registration-cancelled = 已取消
weekday-1 = 周一
weekday-2 = 周二
weekday-3 = 周三
weekday-4 = 周四
weekday-5 = 周五
weekday-6 = 周六
weekday-7 = 周日

event-when = { $day }（{ $weekday }）{ $start }–{ $end }
event-no-chain = 不限产业链
event-card = <b>{ $title }</b>（{ $kind } · { $status }）
    产业链：{ $chain }
    时间：{ $when }
    地点：{ $venue }
    名额：企业 { $seats_enterprise } 家，金融机构 { $seats_institution } 家
    报名截止：{ $deadline }
event-description = 简介：{ $description }
event-target-visits = 服务企业目标：{ $count } 家次
event-counts = 已报名：企业 { $enterprise }，机构 { $institution }；候补：企业 { $enterprise_wait }，机构 { $institution_wait }；已签到 { $checked_in }

ask-event-kind = 新建活动场次。活动类型：
ask-event-title = 活动标题（2–100 字）：
event-title-length = 标题应为 { $minimum }–{ $maximum } 个字，您输入了 { $length } 个字。
ask-event-chain = 聚焦的产业链（公告只发给该产业链的企业）：
ask-event-start = 开始时间，例如 下周二 7:30、12月3日 7:30 或 2026-12-03 07:30：
event-when-invalid = 没有看懂这个时间。请这样写：明天 7:30、下周二早上7:30、12月3日 7:30 或 2026-12-03 07:30。
event-when-past = 这个时间已经过去了，请填写将来的时间。
ask-event-end = 结束时间：当天的时刻如 9:00，或完整的日期和时间：
event-end-invalid = 没有看懂结束时间。请填写如 9:00，或 2026-12-03 09:00。
event-end-before-start = 结束时间必须晚于开始时间。
ask-event-venue = 活动地点（2–200 字）：
event-venue-length = 地点应为 { $minimum }–{ $maximum } 个字，您输入了 { $length } 个字。
ask-event-location = 地图位置：点 📎 发送位置，或输入“纬度, 经度”（如 30.5097, 114.4093），不需要请发送 -
event-location-invalid = 没有看懂这个位置。请发送位置，或输入如 30.5097, 114.4093；不需要请发送 -
ask-event-seats-enterprise = 企业名额（家）：
ask-event-seats-institution = 金融机构名额（家）：
event-count-invalid = 请输入 { $minimum }–{ $maximum } 之间的整数。
ask-event-deadline = 报名截止时间（如 12月2日 18:00）；发送 - 则为开始前 24 小时（来不及时为开始前 1 小时）：
event-deadline-after-start = 报名截止时间不能晚于活动开始时间。
ask-event-description = 活动简介（可写议程），不需要请发送 -
event-description-length = 简介应为 { $minimum }–{ $maximum } 个字，您输入了 { $length } 个字。
ask-event-audience = 公告对象：输入梯度或区域名称，用逗号分隔（如 专精特新中小企业, 洪山区）；发送 - 则发给所有相关企业。
event-audience-unknown = 没有“{ $word }”这个梯度或区域，请核对后重新输入，或发送 -
ask-event-target = 本场服务企业目标（家次），不设目标请发送 -
event-summary = 请确认活动信息：

    { $card }
event-created = 活动 #{ $id } 已保存为草稿。点“开放报名”后会发布公告。
ask-event-field = 要修改哪一项？
event-field-title = 标题
event-field-chain_id = 产业链
event-field-starts_at = 开始时间
event-field-ends_at = 结束时间
event-field-venue = 地点
event-field-location = 地图位置
event-field-seats_enterprise = 企业名额
event-field-seats_institution = 机构名额
event-field-deadline = 报名截止
event-field-description = 简介
event-field-target_visits = 目标家次
event-edited = 已修改。{ $told ->
    [0] {""}
   *[other] 给 { $told } 位报名者的通知已排队发送，送达情况见活动卡片。
}
event-manage = { $card }

    报名链接：{ $link }
btn-event-open = 📣 开放报名并发布
btn-event-close = ⏸ 截止报名
btn-event-edit = ✏️ 修改
btn-event-cancel = ✖️ 取消活动
btn-event-cancel-confirm = 确认取消并通知报名者
btn-event-regs = 👥 报名名单
btn-event-qr = 🔳 签到二维码
event-cancel-confirm = 确定取消「{ $title }」吗？所有报名者都会收到通知。
event-opened = 已开放报名，公告已排队发给 { $count } 人；送达情况见活动卡片（点 🔄 刷新）。
event-now-closed = 已截止报名。
event-now-cancelled = 活动已取消，给 { $told } 位报名者的取消通知已排队发送；送达情况见活动卡片。
event-status-not-allowed = 活动当前状态（{ $status }）下不能这样操作。
event-not-found = 没有找到这场活动。
event-regs-none = 还没有人报名。
event-regs-title = <b>活动 #{ $id } 报名名单</b>
event-regs-line = { $number }. { $party } — { $status }
event-qr-caption = 「{ $title }」签到二维码：打印后放在签到台，与会者扫码即可签到。
    签到链接：{ $link }
events-none-organizer = 暂无即将举办的活动。发送 /newevent 新建场次，或 /newseries 新建系列活动。
events-list-organizer = 即将举办的活动（点选管理）：
events-none-open = 目前没有开放报名的活动，有新活动时会通知您。
events-list-open = 开放报名的活动（点选查看并报名）：

announce-event = 📣 <b>活动报名</b>

    { $card }

    转发报名链接：{ $link }
btn-signup = ✍️ 报名
btn-will-come = ✅ 确认参加
btn-cancel-signup = ✖️ 取消报名
btn-record-intent = 📝 登记融资意向
signup-register-first = 企业登记后（/register）或以金融机构工作人员身份加入后才能报名。
signup-seat = ✅ 报名成功：「{ $title }」。活动前会提醒您。
signup-waitlisted = 名额已满，您在「{ $title }」候补第 { $position } 位。有人取消时按顺序递补，届时通知您。
signup-already = 您已报名这场活动（{ $status ->
        [waitlisted] 候补中
        [checked_in] 已签到
       *[other] 已报名
    }）。发送 /myevents 查看。
signup-not-open = 这场活动目前不接受报名。
signup-deadline-passed = 报名已截止。
signup-cancelled = 已取消报名。
signup-event-started = 活动已开始，不能再取消报名。
signup-event-cancelled = 这场活动已取消，报名已随之作废，无需再取消。
signup-not-cancellable = 这条报名不能取消（当前：{ $status }）。
signup-confirmed = 已确认参加，谢谢！
signup-not-confirmable = 这条报名目前不需要确认（当前：{ $status }）。
myevents-none = 您还没有报名即将举办的活动。发送 /events 查看开放报名的活动。
myevents-line = <b>{ $title }</b> — { $status }
    { $when }，{ $venue }

checkin-done = ✅ 签到成功：「{ $title }」。欢迎！
checkin-already = ✅ 您已于 { $at } 签到「{ $title }」，无需重复签到。欢迎！
checkin-unknown-code = 这个签到码无效，请扫描现场的二维码。
checkin-not-now = 现在不在签到时间内（活动开始前 3 小时至结束后 1 小时）。
checkin-no-seat = 没有找到您的报名（候补未递补的也不能签到）。请联系现场工作人员。

notice-promoted = 🎉 有名额空出，您已从候补转为正式报名：「{ $title }」，{ $when }。
notice-cancelled = ⚠️ 很抱歉，「{ $title }」（{ $when }）已取消。
notice-moved = ⚠️ 您报名的活动有变更，请留意新的时间或地点：

    { $card }
notice-reminder = ⏰ 活动提醒：「{ $title }」
    时间：{ $when }
    地点：{ $venue }
    附件为日历文件（.ics）。请确认是否参加。
followup-staff = 「{ $title }」已结束。本场签到的企业：
    { $enterprises }

    请为您洽谈过的企业登记融资意向。
followup-nobody = （本场没有企业签到）
followup-rate = 感谢参加「{ $title }」！请为本场活动打分（1–5 星）：
rating-thanks = 感谢您的评分：{ $stars }

recurrence-weekly = { $interval ->
        [1] 每{ $weekday }
       *[other] 每 { $interval } 周的{ $weekday }
    } { $at }
recurrence-monthly = 每月{ $nth ->
        [-1] 最后一个
       *[other] 第 { $nth } 个
    }{ $weekday } { $at }
recurrence-invalid-time = 没有看懂时间。请写上时刻，例如：每周三 7:30、每两周周五 7:30、每月第二个周四 14:00。
recurrence-invalid-weekday = 请写明星期几，例如：每周三 7:30、每两周周五 7:30、每月第二个周四 14:00。
recurrence-invalid-nth = 按月举办时请写明第几个星期几，例如：每月第二个周四 14:00、每月最后一个周四 14:00。
recurrence-invalid-period = 请写明多久一次：每周、每两周或每月，例如：每周三 7:30。
ask-series-kind = 新建系列活动。活动类型：
ask-series-recurrence = 多久举办一次？例如：
    每周三 7:30
    每两周周五 7:30
    每月第二个周四 14:00（或 每月最后一个周四 14:00）
ask-series-plan = 产业链轮换计划：按顺序输入编号，用逗号分隔（如 1, 4, 9），每场轮到下一个；早餐汇不限产业链请发送 -
    { $chains }
series-plan-unknown = 没有“{ $word }”这个产业链编号或名称，请核对后重新输入。
series-plan-needed = 一月一链需要至少一个产业链的轮换计划。
ask-series-days-ahead = 每场提前多少天创建并发布（1–60）：
series-summary = 请确认系列活动：
    <b>{ $title }</b>（{ $kind }）
    周期：{ $recurrence }
    产业链轮换：{ $plan }
    地点：{ $venue }
    名额：企业 { $seats_enterprise } 家，金融机构 { $seats_institution } 家
    提前 { $days_ahead } 天发布
series-created = 系列「{ $title }」已创建：已生成 { $events } 场，公告已排队发给 { $told } 人，之后的场次会按周期自动生成。
series-line = #{ $id } <b>{ $title }</b>（{ $kind }，{ $active }）
    周期：{ $recurrence }
    产业链轮换：{ $plan }
series-active = 进行中
series-paused = 已暂停
series-none = 还没有系列活动。发送 /newseries 新建。
btn-series-pause = ⏸ 暂停
btn-series-resume = ▶️ 恢复
series-paused-now = 「{ $title }」已暂停，不再生成新场次。
series-resumed = 「{ $title }」已恢复。
checkin-register-first = 签到需要先登记：企业请发送 /register 完成登记后再扫码；金融机构人员请使用组织方发给您的邀请链接。如有疑问请联系现场工作人员。
series-next-session = 下一场（尚未生成）：{ $start }，将于 { $publish } 自动生成并发布。

event-deadline-past = 报名截止时间已经过去了，请填写将来的时间（早于活动开始）。
event-open-deadline-passed = 报名截止时间（{ $deadline }）已过，公告发出后没人能报名。请先修改截止时间，再开放报名。
event-open-started = 活动已经开始，不能再开放报名。
btn-event-new-deadline = ⏰ 修改截止时间
btn-event-refresh = 🔄 刷新
btn-event-resend = 📨 重发未送达的（{ $count } 条）
event-resent = 已重新排队 { $count } 条未送达的消息。
event-resend-none = 没有需要重发的消息了。
delivery-title = <b>送达情况</b>
delivery-line = { $what }：共 { $total } · 已送达 { $sent } · 排队 { $queued } · 待重试 { $waiting } · 失败 { $failed } · 已屏蔽 { $blocked }{ $unsure ->
    [0] {""}
   *[other] {" "}· 未确认 { $unsure }
}
delivery-unsure-note = “未确认”指消息已发出但 Telegram 没有回应，对方可能已收到；为免重复，系统不会自动重发。
delivery-announce = 公告
delivery-cancel = 取消通知
delivery-move = 变更通知
delivery-remind = { $hours } 小时提醒
delivery-promoted = 候补转正
delivery-followup = 会后跟进
delivery-agenda = 约见议程
btn-event-unreached = 📋 未送达名单
btn-event-resend-unsure = 📨 补发未确认的（{ $count } 条，可能重复）
unreached-title = <b>未确认送达的人</b>
unreached-line = • { $name } · { $status }
unreached-more = ……另有 { $count } 人
unreached-none = 所有消息都已送达。
unreached-failed = 发送失败
unreached-dropped = 过期未发
unreached-unsure = 未确认（可能已收到）
unreached-blocked = 已屏蔽机器人
