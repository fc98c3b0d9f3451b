import EntryList, { type Entry } from '@/components/EntryList';
import { waitFor } from '@/components/Pending';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { pagePath } from '@/navigation/pages';

/** The 学习档案 tab: the doors into the credit subpackage (学时、星级; 签到; 证书 once that page exists). */
export default function CreditsTab() {
  const profile = useProfile();
  const { data } = profile;
  const wait = waitFor(profile);
  if (wait) return wait;

  const child = currentChild(data);
  const isStaff = !!data?.memberships.some((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
  const isAdmin = !!data?.memberships.some((m) => m.roles.includes('admin'));
  const entries: Entry[] = [
    { key: 'summary', title: '我的学时', description: child ? `${child.childName}家庭的学习记录` : '学时、星级与历次记录', url: pagePath('credit.summary') },
    { key: 'checkin', title: '扫码签到', description: '到场后扫描老师展示的签到码', url: pagePath('credit.checkin') },
    { key: 'lessons', title: '线上微课', description: '观看或阅读完成后计入学时', url: pagePath('credit.lessons') },
    { key: 'certificate', title: '结业证书', description: '达到要求后可查看与下载', url: pagePath('certificate.mine') },
    ...(isStaff
      ? [
          { key: 'sessions', title: '课次签到', description: '展示签到码、查看到场名单与补签', url: pagePath('credit.sessions') },
          { key: 'stats', title: '班级学时统计', description: '查看班级家长的学习情况', url: pagePath('credit.classStats') },
          { key: 'certificate-admin', title: '结业证书发放', description: '查看本班结业情况，发放、撤销与补发证书', url: pagePath('certificate.admin') },
        ]
      : []),
    ...(isAdmin
      ? [
          { key: 'settings', title: '学时与星级规则', description: '设置学时要求、星级档位与课时规则', url: pagePath('credit.settings') },
          { key: 'certificate-settings', title: '结业证书设置', description: '结业条件、校长署名与学校公章', url: pagePath('certificate.settings') },
        ]
      : []),
  ];

  return <EntryList title="学习档案" entries={entries} empty={{ title: '暂无学习记录', description: '参加课程并签到后，学时会记录在这里' }} />;
}
