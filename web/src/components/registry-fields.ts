/**
 * The registry drawer's field names (GET /api/{kind}/:code — the read views of src/service/read/), in zh-CN
 * and English, so a clerk reads 社区名称, not `communityName`. A field the server adds later and this list
 * lacks is shown by its key rather than hidden.
 */
export const REGISTRY_FIELDS: Record<string, { zh: string; en: string }> = {
  code: { zh: '编号', en: 'Code' },
  name: { zh: '名称', en: 'Name' },
  subdistrictCode: { zh: '街道编号', en: 'Sub-district code' },
  subdistrictName: { zh: '街道', en: 'Sub-district' },
  communityCode: { zh: '社区编号', en: 'Community code' },
  communityName: { zh: '社区', en: 'Community' },
  compoundCode: { zh: '小区编号', en: 'Compound code' },
  compoundName: { zh: '小区', en: 'Compound' },
  kind: { zh: '类型', en: 'Kind' },
  address: { zh: '地址', en: 'Address' },
  area: { zh: '面积（㎡）', en: 'Area (m²)' },
  households: { zh: '户数', en: 'Households' },
  occupiedHouseholds: { zh: '入住户数', en: 'Occupied households' },
  category: { zh: '类别', en: 'Category' },
  onRoster: { zh: '在 2023 年底无物业小区名单', en: 'On the 2023 roster' },
  coverage: { zh: '物业覆盖', en: 'Coverage' },
  servedBy: { zh: '服务企业（承接关系）', en: 'Served by (engagement)' },
  uscc: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  contactName: { zh: '联系人', en: 'Contact' },
  contactPhone: { zh: '联系电话', en: 'Contact phone' },
  bankName: { zh: '开户银行', en: 'Bank' },
  bankAccountName: { zh: '账户名称', en: 'Account name' },
  bankAccountNo: { zh: '银行账号', en: 'Account number' },
  established: { zh: '成立日期', en: 'Established' },
  filingNo: { zh: '备案编号', en: 'Filing number' },
  serviceContractSigned: { zh: '物业服务合同签订日', en: 'Service contract signed' },
  operatingNormally: { zh: '运行正常', en: 'Operating normally' },
  reviewApproved: { zh: '审核通过', en: 'Review approved' },
  custodianAccountName: { zh: '代管账户名称', en: 'Custodian account name' },
  custodianAccountNo: { zh: '代管账号', en: 'Custodian account number' },
  companyCode: { zh: '企业编号', en: 'Company code' },
  companyUscc: { zh: '企业统一社会信用代码', en: 'Company credit code' },
  companyName: { zh: '企业', en: 'Company' },
  entryDate: { zh: '进驻日期', en: 'Entry date' },
  contractSigned: { zh: '服务合同签订日', en: 'Contract signed' },
  commitmentSigned: { zh: '承诺书签订日', en: 'Commitment signed' },
  endDate: { zh: '结束日期', en: 'End date' },
  status: { zh: '状态', en: 'Status' },
};

/** A compound's kind (src/registry/labels.ts KIND_NAMES): a compound or scattered buildings. */
export const KIND_NAMES = { compound: { zh: '小区', en: 'Compound' }, scattered: { zh: '零散楼栋', en: 'Scattered buildings' } } as const;
