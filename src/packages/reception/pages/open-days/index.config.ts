export default definePageConfig({ navigationBarTitleText: '开放日活动', enablePullDownRefresh: true });
