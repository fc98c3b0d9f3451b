export default definePageConfig({ navigationBarTitleText: '班级名单', enablePullDownRefresh: true });
