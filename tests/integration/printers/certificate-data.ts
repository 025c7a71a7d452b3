// Document data as the host passes it to a template (host/kiosk-service.ts), for 阳秀梅 of the
// card fixture.
export function certificateData(trackingCode: string): Record<string, unknown> {
  return {
    applicant: {
      name: '阳秀梅',
      idNumber: '440106198803151227',
      genderLabel: '女',
      nation: '汉',
      birthDate: '1988-03-15',
      address: '广州市天河区天河路123号',
    },
    form: {
      education: '本科',
      registeredResidence: '广东省广州市天河区',
      employerName: '广州市天河区某某科技有限公司',
      employerCreditCode: '91440106MA5XXXXXX1',
      employmentForm: '单位就业',
      employmentStartDate: '2026-11-01',
    },
    trackingCode,
    issuedOn: '2026-11-22',
    itemName: '个人就业登记',
    kioskId: 'GZ-DEMO-0001',
    servicePoint: { district: '天河区', street: '五山街道', name: '五山街道党群服务中心' },
  };
}
