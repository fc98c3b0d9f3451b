/**
 * The certificate subpackage (结业证书): the parent's certificates, the public verify page (the
 * QR's target), the admin's issue page and the certificate settings.
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/certificate',
  pages: ['pages/mine/index', 'pages/verify/index', 'pages/admin/index', 'pages/settings/index'],
};

export default subpackage;
