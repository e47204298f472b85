## Institutions, staff, products, organizers (issue 3)

cmd-myinstitution = 本机构、同事与产品
cmd-institutions = 金融机构与邀请
cmd-people = 人员管理（工作人员、企业）
cmd-organizers = 组织方成员
cmd-audit = 操作记录

inst-kind-bank = 银行
inst-kind-venture = 创投机构
inst-kind-guarantor = 担保机构
inst-kind-insurer = 保险机构

none-mark = 无
any-mark = 不限
btn-done = ✔️ 完成
btn-previous = ◀️ 上一页
btn-next = 下一页 ▶️
btn-audit = 📜 操作记录

ask-institution-name = 请输入机构名称（如 交通银行武汉分行）：
institution-name-length = 机构名称应为 { $minimum }–{ $maximum } 个字，请重新输入：
ask-institution-kind = 机构类型：
institution-created = ✅ 已创建机构「{ $name }」。
institution-duplicate = 已有名为「{ $name }」的机构，请换一个名称：
institution-suspended = 机构「{ $name }」已暂停，不能邀请或加入。
institutions-title = <b>金融机构</b>（共 { $count } 家）
institution-line = { $number }. { $name } · { $kind }
institutions-none = 还没有机构。点击「新建机构」或下方的快捷按钮创建。
btn-new-institution = ➕ 新建机构
btn-seed-bank = ➕ { $name }
btn-invite = 🔗 生成邀请链接
btn-invitations = 📋 未使用的邀请
btn-new-branch = ➕ 新建分支机构
btn-add-product = ➕ 新增产品
institution-card = <b>{ $name }</b>（{ $kind }）
    上级机构：{ $parent }
    分支机构：{ $branches }
    <b>工作人员</b>
    { $staff }
    <b>产品</b>
    { $products }
products-none = （暂无产品）

invitation-link = 🔗 「{ $name }」工作人员邀请链接（仅限一人使用，{ $expires } 前有效）：
    { $url }
    请把链接发给这位工作人员，打开后即成为本机构工作人员。
btn-revoke-invitation = 作废此邀请
invitations-title = <b>未使用的邀请</b>（{ $count } 个）
invitation-line = 邀请 #{ $number }，{ $expires } 前有效
btn-revoke-number = 作废邀请 #{ $number }
invitation-revoked = 邀请已作废，链接不再可用。
invite-not-open = 这个邀请已被使用或已作废。
invite-unknown = 邀请链接无效。请向组织方索取新的链接。
invite-used = 这个邀请链接已被使用过。请向组织方索取新的链接。
invite-expired = 这个邀请链接已过期。请向组织方索取新的链接。
invite-revoked = 这个邀请链接已被作废。请向组织方索取新的链接。
invite-organizer = 您是组织方，不能以机构工作人员身份加入。
invite-suspended = 您的账号已被暂停，不能加入机构。请联系组织方。
invite-enterprise = 您已是一家企业的联系人，不能同时成为金融机构工作人员。请联系组织方。
invite-already-staff-here = 您已经是本机构的工作人员。
invite-other-staff = 您已是另一家机构的工作人员，请先请组织方解除后再加入。
staff-joined = ✅ 欢迎！您已成为「{ $name }」的工作人员（{ $status }）。
    /myinstitution 查看本机构、同事与产品。

status-suspended = 已暂停
staff-status-invited = 已凭邀请加入（已通知组织方核实）
staff-status-verified = 已确认
staff-status-suspended = 已暂停
staff-status-revoked = 已解除

term-range = { $low }–{ $high } 个月
term-one = { $months } 个月
product-line = { $name } · { $kind } · { $amount }{ $withdrawn }
product-withdrawn-mark = （已下架）
product-card = <b>{ $name }</b>（{ $institution }）
    方式：{ $kind }
    额度：{ $amount }
    期限：{ $term }
    利率/费率：{ $rate }
    适用梯度：{ $tiers }
    适用产业链：{ $chains }
    担保方式：{ $guarantees }
    条件：{ $conditions }
    状态：{ $status }
product-status-active = 在售
product-status-draft = 待保存
product-status-withdrawn = 已下架

ask-product-name = 产品名称（如 专精特新贷）：
product-name-length = 产品名称应为 { $minimum }–{ $maximum } 个字，请重新输入：
ask-product-kind = 融资方式（股/贷/债/保/担）：
ask-product-amount = 额度范围，如 1000万-2亿（只有一个数表示固定额度）：
product-amount-range-invalid = 请按「最低-最高」输入额度范围，如 1000万-2亿。
ask-product-term = 期限范围，如 6-36个月 或 1-3年：
product-term-range-invalid = 请按「最短-最长」输入期限，如 6-36个月 或 1-3年。
product-range-reversed = 范围的下限不能大于上限，请重新输入。
ask-product-rate = 利率或费率（文字，如 LPR+0.3% 或 年化3.45%起）：
product-rate-length = 利率说明应为 { $minimum }–{ $maximum } 个字，请重新输入：
ask-product-tiers = 适用梯度（可多选，都不选表示不限），选好后点「完成」：
ask-product-chains = 适用产业链（可多选，都不选表示不限），选好后点「完成」：
ask-product-guarantees = 接受的担保方式（可多选，都不选表示不限），选好后点「完成」：
ask-product-conditions = 申请条件（如 成立满2年、近一年营收不低于2000万）：
product-conditions-length = 申请条件应为 { $minimum }–{ $maximum } 个字，请重新输入：
product-summary = <b>请确认产品信息</b>
ask-product-field = 要修改哪一项？
product-field-name = 名称
product-field-kind = 融资方式
product-field-amount = 额度
product-field-term = 期限
product-field-rate_text = 利率/费率
product-field-target_tiers = 适用梯度
product-field-target_chain_ids = 适用产业链
product-field-guarantees = 担保方式
product-field-conditions = 条件
product-saved = ✅ 产品「{ $name }」已保存。
btn-edit-product = ✏️ 修改
btn-withdraw-product = ⏸ 下架
btn-offer-product = ▶️ 重新上架
product-withdrawn = 产品已下架。
product-offered = 产品已重新上架。

people-title-staff = <b>金融机构工作人员</b>（{ $count } 人）
people-title-enterprise = <b>企业联系人</b>（{ $count } 人）
people-title-organizer = <b>组织方</b>（{ $count } 人）
people-title-other = <b>其他用户</b>（{ $count } 人）
people-line = { $number }. { $name } { $status }
people-none = （无）
btn-people-staff = 工作人员
btn-people-enterprise = 企业
btn-people-organizer = 组织方
btn-people-other = 其他用户
organizers-hint = 在 /people 中打开某人，可将其设为组织方；配置文件 ORGANIZER_IDS 中的组织方不能在此取消。
role-none = 未登记
role-enterprise = 企业
role-staff = 金融机构工作人员
role-organizer = 组织方
person-card = <b>{ $name }</b> { $username }
    Telegram ID：<code>{ $tg_id }</code>
    身份：{ $role } { $suspended }
    { $place }
person-place-institution = 机构：{ $name }（{ $status }）
person-place-enterprise = 企业：{ $name }，联系人 { $contact }（{ $phone }）
btn-person-verify = ✅ 确认工作人员
btn-person-suspend = ⏸ 暂停
btn-person-reinstate = ▶️ 恢复
btn-person-revoke = ⛔ 解除身份
btn-person-promote = 👑 设为组织方
btn-person-demote = 取消组织方
person-done-verify = 已确认 { $name } 为工作人员。
person-done-suspend = 已暂停 { $name }。
person-done-reinstate = 已恢复 { $name }。
person-done-revoke = 已解除 { $name } 的身份。
person-done-promote = 已将 { $name } 设为组织方。
person-done-demote = 已取消 { $name } 的组织方身份。
person-action-not-now = 此操作对该用户当前状态不适用。
organizer-last = 不能取消最后一位组织方。

audit-usage = 用法：/audit 查看全部最近记录；/audit e企业编号、/audit i机构编号、/audit v活动编号 查看某一对象，如 /audit i3。
audit-subject-unknown = 没有找到这个对象。
audit-title-all = <b>操作记录</b>（共 { $count } 条）{ $subject }
audit-title-enterprise = <b>操作记录 · 企业 { $subject }</b>（共 { $count } 条）
audit-title-institution = <b>操作记录 · 机构 { $subject }</b>（共 { $count } 条）
audit-title-event = <b>操作记录 · 活动 { $subject }</b>（共 { $count } 条）
audit-none = （暂无记录）
audit-system = 系统
audit-entry = <code>{ $at }</code> { $actor } · <b>{ $action }</b> · { $entity } #{ $id }
audit-change = 　{ $change }

staff-joined-notice = 🆕 { $person } 通过邀请链接加入了「{ $institution }」，已可代表该机构确认融资意向。请核实身份，如有误可立即撤销。
btn-review-person = 核实 / 管理此人
