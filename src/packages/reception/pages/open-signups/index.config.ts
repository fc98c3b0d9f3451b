export default definePageConfig({ navigationBarTitleText: '活动报名名单', enablePullDownRefresh: true });
