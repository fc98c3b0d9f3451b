/**
 * The auth subpackage: confirming a desktop console sign-in after scanning its code, and the list
 * of computers signed in (我的 → 已登录的电脑). app.config.ts imports this.
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/auth',
  pages: ['pages/confirm-login/index', 'pages/sessions/index'],
};

export default subpackage;
