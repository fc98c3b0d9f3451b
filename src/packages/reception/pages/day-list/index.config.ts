export default definePageConfig({ navigationBarTitleText: '接待名单', enablePullDownRefresh: true });
