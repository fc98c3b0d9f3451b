export default definePageConfig({ navigationBarTitleText: '接待与建议办理', enablePullDownRefresh: true });
