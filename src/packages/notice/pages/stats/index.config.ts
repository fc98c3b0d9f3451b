export default definePageConfig({ navigationBarTitleText: '阅读和回执', enablePullDownRefresh: true });
