export default definePageConfig({ navigationBarTitleText: '班级学时统计' });
