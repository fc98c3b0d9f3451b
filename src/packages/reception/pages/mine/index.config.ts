export default definePageConfig({ navigationBarTitleText: '我的接待与建议', enablePullDownRefresh: true });
