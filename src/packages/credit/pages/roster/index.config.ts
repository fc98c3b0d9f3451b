export default definePageConfig({ navigationBarTitleText: '考勤名册', enablePullDownRefresh: true });
