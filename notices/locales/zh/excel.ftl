## Lists for the door and the desk, walk-ins, the enterprise directory, Excel export and import (issue 9)

cmd-signups = 活动报名名单（门口签到与会务）
cmd-export = 导出 Excel（全部数据）
cmd-claimlinks = 企业认领链接表（Excel）

btn-signups = 👥 报名名单
btn-signups-xlsx = 📥 名单 Excel
btn-walkin = 🚶 临时到场登记
signups-title = <b>{ $title }</b>（#{ $id }）报名名单：{ $count } 家，席位 { $seated }，已签到 { $checked }
signups-staff-note = （仅显示与贵机构有往来的企业）
signups-none = 暂无可显示的报名。
signups-line = { $number }. <b>{ $name }</b> · { $contact } { $phone }
    　{ $details } · { $place } · { $status }
signups-seat = 席位
signups-waitlist = 候补第 { $place } 位
signups-walk-in = （临时到场）
signups-institution = 金融机构
signups-file-caption = 📥 「{ $title }」报名名单（{ $count } 行）
signups-pick = 请选择活动查看报名名单（或发送 /signups 活动编号）：
signups-event-button = #{ $id } { $start } { $title }
signups-no-events = 近期没有活动。

ask-walkin-who = 🚶 临时到场登记：请输入来访企业的名称（可只输入部分名称）或统一社会信用代码：
walkin-who-invalid = 请输入 2–100 个字的企业名称，或 18 位统一社会信用代码：
ask-walkin-pick = 找到以下企业，请选择来访的企业；都不是请点「新企业」：
btn-walkin-new = ➕ 都不是，登记新企业
ask-walkin-contact = 来访人（联系人）姓名：
ask-walkin-phone = 来访人联系电话（手机或座机）：
btn-walkin-confirm = ✅ 确认签到
walkin-confirm-known = 请确认：<b>{ $name }</b>（{ $uscc }）临时到场参加「{ $title }」，记为已签到。
walkin-confirm-new = 请确认登记新企业并签到「{ $title }」：
    企业：<b>{ $name }</b>
    信用代码：{ $uscc }
    联系人：{ $contact } { $phone }
    区域：{ $district }
    （梯度记为「其他」，产业链取活动的产业链；企业认领后可在 /profile 修改。）
walkin-done = ✅ 已登记「{ $name }」临时到场并签到。本场已签到企业 { $visits } 家次。
walkin-already = 「{ $name }」本场已签到，无需重复登记。
walkin-event-not-running = 这场活动未开放或已取消，不能登记到场。
walkin-too-early = 活动开始前 3 小时起才能登记到场。

directory-title = <b>企业</b>（共 { $count } 家，按企业名称排序）
directory-search-title = <b>企业搜索「{ $query }」</b>：{ $count } 家
directory-line = { $number }. { $name } · { $uscc }
directory-none = 没有找到匹配的企业。
directory-hint = 搜索：/people 名称关键词 或 /people 信用代码开头
directory-no-representative = （尚无 Telegram 联系人：可生成认领链接）
directory-card = <b>{ $name }</b>
    统一社会信用代码：{ $uscc }
    梯度：{ $tier }
    产业链：{ $chain }
    区域：{ $district }
    联系人：{ $contact } { $phone }
    有效融资需求：{ $needs } 项
    <b>Telegram 联系人</b>
    { $people }
btn-claim-link = 🔗 生成认领链接
claim-link = 🔗 「{ $name }」认领链接（仅限一人使用，{ $days } 天内有效；新生成的链接会使旧链接失效）：
    { $url }
    请把链接发给企业联系人，打开后即成为本企业在机器人中的联系人。
claim-done = ✅ 您已成为「{ $name }」的联系人。/profile 查看并完善企业信息与融资需求。
claim-already-represented = 这家企业已有联系人，不能再认领。如需更换请联系组织方。
claim-organizer = 您是组织方，不能认领企业。
claim-staff = 您是金融机构工作人员，不能同时成为企业联系人。请联系组织方。
btn-claim-links = 🔗 生成认领链接表
claim-links-none = 所有企业都已有联系人，无需生成认领链接。
claim-links-caption = 🔗 { $count } 家企业的认领链接（每个链接仅限一人使用，{ $days } 天内有效；此前未用的链接已失效）。

export-caption = 📊 全部数据导出（企业、融资需求、金融机构、产品、活动、报名签到、融资意向及变更记录、目标与进度；金额单位：万元）。
import-started = ⏳ 正在检查「{ $name }」……
import-done = ✅ 导入完成。
import-counts-enterprises = 企业：新增 { $created }，更新 { $updated }，未变 { $unchanged }
import-counts-institutions = 金融机构：新增 { $created }，更新 { $updated }，未变 { $unchanged }
import-counts-products = 产品：新增 { $created }，更新 { $updated }，未变 { $unchanged }
import-skipped = 仅供查看、未导入的工作表：{ $sheets }
import-refused = ❌ 未导入：发现 { $count } 个问题，数据未作任何修改。请修改后重新发送。问题清单见附件：
import-more-problems = ……另有 { $count } 个问题，见附件。
import-where = 「{ $sheet }」第 { $row } 行
import-line = • { $where }：{ $reason }
import-line-value = • { $where }「{ $value }」：{ $reason }
import-report-caption = 📋 导入问题清单
import-download-failed = 文件下载失败，请稍后重新发送。
import-problem-not-xlsx-name = 请发送 Excel 工作簿（.xlsx 文件）。CSV 或 .xls 请先在 Excel/WPS 中另存为 .xlsx。
import-problem-not-xlsx = 这个文件不是有效的 .xlsx 工作簿（可能是改了扩展名的 CSV 或旧版 .xls）。请在 Excel/WPS 中另存为 .xlsx 后重新发送。
import-problem-empty-file = 文件是空的。
import-problem-too-large = 文件超过 { $megabytes } MB，请拆分后分批发送。
import-problem-too-many-rows = 工作表超过 { $maximum } 行，请拆分后分批发送。
import-problem-no-sheet = 没有找到可导入的工作表：企业名单需要「企业名称」和「统一社会信用代码」列；机构需要「机构名称」「机构类型」；产品需要「机构名称」「产品名称」「融资方式」。
import-problem-no-rows = 工作簿中没有数据行。
import-problem-missing-columns = 缺少必需的列：{ $columns }
import-problem-duplicate = 与本文件第 { $row } 行重复
import-problem-missing-uscc = 缺少统一社会信用代码
import-problem-uscc-length = 统一社会信用代码应为 18 位
import-problem-uscc-characters = 统一社会信用代码含有不允许的字符（不含 I、O、S、V、Z）
import-problem-uscc-check = 统一社会信用代码校验位不正确
import-problem-name-length = 名称应为 { $minimum }–{ $maximum } 个字
import-problem-unknown-tier = 无法识别的梯度（可填：创新型中小企业、专精特新中小企业、专精特新"小巨人"、单项冠军、其他）
import-problem-unknown-district = 无法识别的区域（武汉市各区或 光谷、经开区 等功能区）
import-problem-unknown-chain = 无法识别的产业链（须为系统中的产业链名称）
import-problem-unknown-kind = 无法识别的融资方式（股权、贷款、债券、保险、担保）
import-problem-unknown-guarantee = 无法识别的担保方式（信用、抵押、质押、保证、其他）
import-problem-unknown-institution-kind = 无法识别的机构类型（银行、创投、担保、保险）
import-problem-unknown-yes-no = 请填「是」或「否」
import-problem-contact-length = 联系人姓名过长（最多 50 个字）
import-problem-bad-phone = 无法识别的电话号码
import-problem-bad-amount = 金额应为大于 0 的数字（单位：万元）
import-problem-bad-term = 期限应为 1–{ $maximum } 的整数（单位：月）
import-problem-new-needs-chain_id = 新企业缺少产业链
import-problem-new-needs-district = 新企业缺少所在区域
import-problem-new-needs-kind = 新机构缺少机构类型
import-problem-unknown-parent = 上级机构不存在
import-problem-unknown-institution = 机构不存在（请先在「金融机构」表或 /institutions 中添加）
import-problem-new-product-needs = 新产品需要融资方式、最低金额和最高金额
import-problem-range-reversed = 最低值大于最高值
import-problem-conflict = 导入期间有人同时修改了相同的记录，未作任何修改。请重新发送文件。
export-started = ⏳ 正在生成工作簿……
export-usage = 用法：/export（本月数据）或 /export 上月、/export 2026-05、/export 2026年第二季度、/export 2026-01-01~2026-06-30
