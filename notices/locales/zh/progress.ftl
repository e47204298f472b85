## Targets and progress (issue 5)

cmd-progress = 目标进度
cmd-targets = 设置目标

target-metric-confirmed_amount = 意向授信金额
target-metric-enterprises_with_intent = 达成意向企业数
target-metric-enterprise_visits = 服务企业家次
target-metric-approved_amount = 授信批复金额
target-metric-disbursed_amount = 放款金额
target-scope-programme = 全市
target-scope-series = 系列活动
target-scope-event = 单场活动
target-scope-chain = 产业链
target-scope-institution = 金融机构
target-unit-enterprises_with_intent = { $count } 家
target-unit-enterprise_visits = { $count } 家次
progress-title = <b>📊 目标进度</b>
progress-none = 还没有设置目标。发送 /targets 设置。
progress-item = <b>{ $metric }</b>（{ $scope }）
    { $bar } { $percent }%
    { $value } / { $target } · 截止 { $deadline }
    { $pace }
progress-pace = 需每周完成 { $pace } 才能按期达成
progress-reached = 🎉 已达成
progress-overdue = 已过截止日期
targets-title = <b>🎯 目标</b>
target-line = { $number }. { $metric }（{ $scope }）{ $value } · 截止 { $deadline }
btn-target-add = ➕ 设置新目标
btn-target-delete = 🗑 删除 { $number }
ask-target-metric = 目标的指标：
ask-target-scope = 统计范围：
ask-target-scope-item = 选择具体的范围：
ask-target-value = 目标值：金额类如 20亿，数量类如 50。
ask-target-period = 统计期间：输入截止日期（如 年底、12月31日 或 2026-12-31，从今天起算），或起止日期（如 2026-01-01 2026-12-31）。
target-value-amount-invalid = 请输入金额，例如 20亿 或 5000万。
target-value-count-invalid = 请输入一个正整数，例如 50。
target-value-invalid = 目标值必须大于零。
target-period-invalid = 没有看懂这个期间。请这样输入：年底、12月31日、2026-12-31，或 2026-01-01 2026-12-31。
target-scope-invalid = 这个统计范围不可用，请重新设置。
target-gone = 这个目标已不存在。
target-saved = ✅ 目标已设置。
target-deleted = 已删除该目标。
