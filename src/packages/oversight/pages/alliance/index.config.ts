export default definePageConfig({ navigationBarTitleText: '教联体看板' });
