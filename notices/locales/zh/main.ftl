## Greetings, help, language, menus

start-none = 您好，{ $name }！这里是武汉「早餐汇」「一月一链」银企融资对接助手。
    企业可在这里登记、提出融资需求、报名对接活动，并跟进与金融机构的融资意向。
    发送 /register 开始企业登记（约 3 分钟）。
start-enterprise = 您好，{ $name }！<b>{ $company }</b> 已登记。
    /profile 查看或修改企业信息与融资需求，/need 新增一项融资需求。
start-staff = 您好，{ $name }！您以金融机构工作人员身份使用本助手。/help 查看可用功能。
start-suspended = 您好，{ $name }。您的账号已被组织方暂停，暂时不能使用本助手的功能。如有疑问，请联系活动组织方（经信局服务专员）。
start-organizer = 您好，{ $name }！您是组织方。/help 查看可用功能。

help-none = <b>可用命令</b>
help-enterprise = <b>企业可用命令</b>
help-staff = <b>金融机构工作人员可用命令</b>
help-organizer = <b>组织方可用命令</b>

cmd-start = 开始
cmd-register = 企业登记
cmd-help = 帮助
cmd-lang = 切换语言
cmd-cancel = 取消当前操作
cmd-profile = 企业信息与融资需求
cmd-need = 新增融资需求

lang-choose = 请选择语言 / Choose your language:
lang-name-zh = 中文
lang-name-en = English
lang-switched = 已切换为中文。

cancelled = 已取消，未保存任何内容。
nothing-to-cancel = 当前没有正在进行的操作。
unknown-command = 没有这个命令。发送 /help 查看可用命令。
not-understood = 抱歉，没有理解这条消息。发送 /help 查看可用命令。
error-delivery = 抱歉，Telegram 暂时没能把回复送到。您刚才的操作已经保存，稍后发送 /start 即可继续。
error-generic = 抱歉，处理时出现了问题，您填写的内容没有丢失。请稍后再试。
not-allowed = 您没有权限进行此操作。

## Forms

form-resumed = 继续上次未完成的填写：
form-use-buttons = 请点击下方按钮选择。
form-contact-not-now = 现在不需要联系方式。
form-stale-button = 这个按钮已失效，请使用最新的消息。
form-no-choices = 这里还没有可选的项目，本次填写已结束，未保存任何内容。请先创建所需内容后再试。
form-invalid-choice = 没有这个选项。
form-chosen = { $label }
form-command-not-answer = 这里需要填写内容，而不是命令。可发送 /cancel 放弃。

btn-confirm = ✅ 确认提交
btn-edit = ✏️ 修改
btn-cancel = ✖️ 取消
btn-share-phone = 📱 分享我的手机号

## Enterprise fields

ask-name = 请输入企业全称（与营业执照一致）：
name-length = 企业名称应为 { $minimum }–{ $maximum } 个字，您输入了 { $length } 个字。请重新输入：
ask-uscc = 请输入 18 位统一社会信用代码（例如 91330100799655058B）：
uscc-error-length = 统一社会信用代码应为 18 位，请核对后重新输入。
uscc-error-characters = 统一社会信用代码只含数字和大写字母（不含 I、O、S、V、Z），请核对后重新输入。
uscc-error-check = 这个统一社会信用代码的校验位不正确，可能有输错的字符，请核对营业执照后重新输入。
enterprise-duplicate-uscc = 该统一社会信用代码已由「{ $company }」登记（联系人 { $contact }）。
    如果您也是该企业的人员，请联系该联系人或活动组织方（经信局服务专员）将您加入，无需重复登记。
ask-tier = 企业所属梯度：
tier-innovative = 创新型中小企业
tier-specialized = 专精特新中小企业
tier-little_giant = 专精特新"小巨人"
tier-champion = 单项冠军
tier-other = 其他
ask-chain = 企业所属产业链：
ask-district = 企业所在区域：
district-jiangan = 江岸区
district-jianghan = 江汉区
district-qiaokou = 硚口区
district-hanyang = 汉阳区
district-wuchang = 武昌区
district-qingshan = 青山区
district-hongshan = 洪山区
district-dongxihu = 东西湖区
district-hannan = 汉南区
district-caidian = 蔡甸区
district-jiangxia = 江夏区
district-huangpi = 黄陂区
district-xinzhou = 新洲区
district-east_lake_hitech = 东湖新技术开发区（光谷）
district-wuhan_econ_dev = 武汉经济技术开发区
district-east_lake_scenic = 东湖生态旅游风景区
district-changjiang_new = 长江新区
ask-contact-name = 联系人姓名：
contact-name-length = 联系人姓名应为 { $minimum }–{ $maximum } 个字，请重新输入：
ask-phone = 联系电话：可点击下方按钮分享您的手机号，或直接输入（例如 13812345678 或 027-87654321）。
phone-invalid = 这不是有效的电话号码。请输入 11 位手机号（如 13812345678）或带区号的座机（如 027-87654321）。
phone-not-yours = 请分享您自己的手机号，或直接输入联系电话。
phone-recorded = 📞 已记录联系电话 { $phone }

## Financing needs

ask-amount = 第 { $count } 项融资需求：需要多少资金？
    例如 5000万、0.5亿、1.2亿元、5,000,000 或 五千万。
amount-error-empty = 请输入金额，例如 5000万。
amount-error-nonsense = 没有看懂这个金额。请这样输入：5000万、0.5亿、1.2亿元、5,000,000 或 五千万。
amount-error-not_positive = 金额必须大于零，例如 5000万。
amount-error-too_small = 金额不能少于 { $minimum }，例如 500万。
amount-error-too_small-wan = 金额不能少于 { $minimum }。您是指 { $guess } 吗？请带上单位重新输入，例如 { $guess }。
amount-error-too_large = 金额不能超过 { $maximum }，请核对单位（万 / 亿）后重新输入，例如 1.2亿。
amount-error-fraction = 金额请精确到元，例如 5000万 或 1.2亿。
ask-kind = 融资方式（股 / 贷 / 债 / 保 / 担）：
kind-equity = 股权
kind-loan = 贷款
kind-bond = 债券
kind-insurance = 保险
kind-guarantee = 担保
ask-term = 期限多少个月？例如 12、18个月 或 3年。
term-invalid = 期限请填写 1–{ $maximum } 个月，例如 12、18个月 或 3年。
ask-purpose = 资金用途（例如：新产线建设、研发投入、补充流动资金）：
purpose-length = 资金用途请用 { $minimum }–{ $maximum } 个字说明，请重新输入：
ask-guarantee = 担保方式：
guarantee-credit = 信用
guarantee-mortgage = 抵押
guarantee-pledge = 质押
guarantee-surety = 保证
guarantee-other = 其他
ask-more-needs = 还有其他融资需求吗？
btn-more-needs = ➕ 再添加一项
btn-no-more-needs = 没有了，去确认
need-line = { $number }. { $amount } · { $kind } · { $term } 个月 · { $guarantee }
    　用途：{ $purpose }
needs-none = （暂无融资需求）

## Registration

register-summary = <b>请确认登记信息</b>
    { $card }
    <b>融资需求</b>
    { $needs }
ask-field-to-edit = 要修改哪一项？
field-name = 企业名称
field-uscc = 统一社会信用代码
field-tier = 梯度
field-chain_id = 产业链
field-district = 区域
field-contact_name = 联系人
field-phone = 联系电话
field-needs = 重新填写融资需求
enterprise-card = <b>{ $name }</b>
    统一社会信用代码：<code>{ $uscc }</code>
    梯度：{ $tier }
    产业链：{ $chain }
    区域：{ $district }
    联系人：{ $contact }（{ $phone }）
register-saved = ✅ 登记完成！「{ $name }」及 { $count } 项融资需求已保存。
    组织方会据此为您推荐对接活动和金融产品。发送 /profile 随时查看或修改。
enterprise-already-registered = 您已登记企业，发送 /profile 查看或修改。

## Profile

profile = { $card }
    <b>融资需求</b>
    { $needs }
profile-none = 您还没有登记企业。发送 /register 开始登记。
profile-updated = ✅ 已更新{ $field }。
btn-edit-profile = ✏️ 修改企业信息
btn-add-need = ➕ 新增融资需求
btn-close-need = 撤回需求 { $number }
need-summary = <b>请确认融资需求</b>
    { $needs }
need-saved = ✅ 融资需求已保存。发送 /profile 查看全部需求。
need-register-first = 请先发送 /register 登记企业，再提出融资需求。
need-closed = 已撤回该融资需求。
ask-close-need = 确定撤回这项融资需求吗？撤回后不再向金融机构推荐。
    { $need }
btn-close-need-confirm = 确认撤回
btn-keep-need = 保留
need-kept = 已保留该融资需求。
