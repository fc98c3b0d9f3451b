/**
 * The notice subpackage: the parents' inbox and a notice's detail (read, receipt), and for staff
 * compose, the sent list and a notice's statistics (read / unread / replied per class, 提醒未读).
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/notice',
  pages: ['pages/inbox/index', 'pages/detail/index', 'pages/compose/index', 'pages/sent/index', 'pages/stats/index'],
};

export default subpackage;
