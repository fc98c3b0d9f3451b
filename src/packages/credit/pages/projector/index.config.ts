export default definePageConfig({ navigationBarTitleText: '投屏签到', navigationBarBackgroundColor: '#10251c', navigationBarTextStyle: 'white' });
