// A kiosk receipt as the host builds it (masked name and ID number, tracking code in the QR).
import type { ReceiptDocument } from '../../../printers/index.ts';

export const kioskReceipt: ReceiptDocument = {
  title: '广州市政务服务 自助终端回执',
  lines: [
    { label: '事项', value: '个人就业登记' },
    { label: '申请人', value: '阳*梅' },
    { label: '证件号码', value: '440106********1227' },
    { label: '受理编号', value: 'K7Q2-9D3F-XA41' },
    { label: '办理结果', value: '已提交' },
    { label: '服务点', value: '五山街道党群服务中心' },
  ],
  qr: 'K7Q2-9D3F-XA41',
  footer: ['凭受理编号可在任一政务服务窗口或自助终端查询办理进度', '12345政府服务热线'],
};
