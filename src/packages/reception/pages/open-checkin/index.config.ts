export default definePageConfig({ navigationBarTitleText: '开放日签到', navigationBarBackgroundColor: '#10251c', navigationBarTextStyle: 'white' });
