export default definePageConfig({ navigationBarTitleText: '家长课程', enablePullDownRefresh: true, onReachBottomDistance: 80 });
