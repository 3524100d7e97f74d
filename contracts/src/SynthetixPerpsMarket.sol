// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// PythStructs.Price, as the Pyth contract returns it.
struct PythPrice {
    int64 price;
    uint64 conf;
    int32 expo;
    uint256 publishTime;
}

interface IPythPrices {
    function getPriceUnsafe(bytes32 id) external view returns (PythPrice memory);
}

/// @title Devnet stand-in for the Synthetix v3 PerpsMarketProxy.
/// @notice The read ABI hedgewatch uses, function for function and struct for struct as the deployed proxy
/// (IPerpsMarketModule, IMarketConfigurationModule, IFeatureFlagModule), with the proxy's units: sizes, skew and
/// open interest in native units D18, prices in USD D18, funding rate per day D18, funding velocity per day per day.
/// The owner sets the state directly instead of trading. When the Pyth price is marked stale, the price-dependent
/// views (indexPrice, getMarketSummary, fillPrice) revert with ERC-7412's OracleDataRequired, as the real ones do
/// when the on-chain Pyth price is older than the node's tolerance; the price-free views keep answering.
/// A market can instead be priced by the Pyth contract itself (setPricedByPyth): its price is then Pyth's latest
/// price of the market's feed, and OracleDataRequired is raised when that price is older than the staleness
/// tolerance, as the real PythERC7412Wrapper node does.
///
/// Accounts (IPerpsAccountModule, ILiquidationModule): an account holds snxUSD collateral and at most one position
/// per market, cross-margined across its markets as on the real proxy. A position's PnL runs from the fill price of
/// its last change (the real market settles PnL into the margin at every change); its accrued funding and owed
/// interest are set directly instead of accumulating. Required margins follow the real
/// PerpsMarketConfiguration.calculateRequiredMargins; the liquidation reward is the flag reward alone
/// (notional x flagRewardRatio; no keeper costs, collateral reward or reward guards).
contract SynthetixPerpsMarket {
    struct MarketSummary {
        int256 skew;
        uint256 size;
        uint256 maxOpenInterest;
        int256 currentFundingRate;
        int256 currentFundingVelocity;
        uint256 indexPrice;
    }

    struct Market {
        bool exists;
        string name;
        string symbol;
        bytes32 pythPriceId;
        int256 skew;
        uint256 size;
        int256 currentFundingRate;
        int256 currentFundingVelocity;
        uint256 indexPrice;
        uint256 skewScale;
        uint256 maxFundingVelocity;
        uint256 maxMarketSize;
        uint256 maxMarketValue;
    }

    struct Position {
        int128 size;
        uint256 latestInteractionPrice;
        int256 accruedFunding;
        uint256 owedInterest;
    }

    struct LiquidationParameters {
        uint256 initialMarginRatioD18;
        uint256 minimumInitialMarginRatioD18;
        uint256 maintenanceMarginScalarD18;
        uint256 flagRewardRatioD18;
        uint256 minimumPositionMargin;
    }

    /// ERC-7412: the caller must fulfil `oracleQuery` at `oracleContract` (PythERC7412Wrapper) and retry.
    error OracleDataRequired(address oracleContract, bytes oracleQuery);
    error InvalidMarket(uint128 marketId);
    error InvalidCollateralId(uint128 collateralId);
    error Unauthorized(address addr);
    error NotAContract(address contr);

    event MarketUpdated(
        uint128 marketId,
        uint256 price,
        int256 skew,
        uint256 size,
        int256 sizeDelta,
        int256 currentFundingRate,
        int256 currentFundingVelocity,
        uint128 interestRate
    );
    event FeatureFlagDenyAllSet(bytes32 indexed feature, bool denyAll);
    event FeatureFlagAllowAllSet(bytes32 indexed feature, bool allowAll);
    event Upgraded(address indexed self, address implementation);

    /// PythERC7412Wrapper's update type for "latest price no older than the tolerance".
    uint8 private constant UPDATE_TYPE_LATEST = 1;
    bytes32 private constant PERPS_SYSTEM = "perpsSystem";
    /// keccak256(abi.encode("io.synthetix.core-contracts.Proxy")): where Synthetix v3's UUPS proxy keeps its
    /// implementation (ProxyStorage), so a monitor reads it from the same slot as on a real deployment.
    bytes32 private constant PROXY_SLOT = 0x5a648c35a2f5512218b4683cf10e03f5b7c9dc7346e1bf77d304ae97f60f592b;

    address public owner;
    /// The contract an OracleDataRequired revert names (the Pyth ERC-7412 wrapper on a real deployment).
    address public immutable oracleContract;
    /// The staleness tolerance, seconds, that an OracleDataRequired query carries.
    uint64 public immutable stalenessTolerance;
    /// Test switch: true makes every price-dependent view revert OracleDataRequired.
    bool public oracleStale;

    uint128[] private marketIds;
    mapping(uint128 => Market) private markets;
    mapping(bytes32 => bool) private denyAll;
    mapping(bytes32 => bool) private allowAll;
    mapping(bytes32 => mapping(address => bool)) private allowlist;

    /// marketId => accountId => position
    mapping(uint128 => mapping(uint128 => Position)) private positions;
    /// accountId => the markets it has a position in
    mapping(uint128 => uint128[]) private openPositionMarketIds;
    /// accountId => snxUSD collateral (collateral id 0), D18
    mapping(uint128 => uint256) private usdCollateral;
    mapping(uint128 => LiquidationParameters) private liquidationParameters;
    /// marketId => priced by the Pyth contract instead of the stored index price
    mapping(uint128 => bool) private pricedByPyth;

    constructor(address oracleContract_, uint64 stalenessTolerance_) {
        owner = msg.sender;
        oracleContract = oracleContract_;
        stalenessTolerance = stalenessTolerance_;
        allowAll[PERPS_SYSTEM] = true;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert Unauthorized(msg.sender);
        _;
    }

    // ---- test hooks ----

    /// @notice Test hook: lists a market (ids in creation order in getMarkets()).
    function createMarket(uint128 marketId, string calldata name, string calldata symbol, bytes32 pythPriceId)
        external
        onlyOwner
    {
        Market storage m = markets[marketId];
        if (!m.exists) {
            marketIds.push(marketId);
        }
        m.exists = true;
        m.name = name;
        m.symbol = symbol;
        m.pythPriceId = pythPriceId;
    }

    /// @notice Test hook: sets the market's state as a settled order would leave it; emits MarketUpdated.
    function setMarketState(
        uint128 marketId,
        int256 skew_,
        uint256 size_,
        int256 currentFundingRate_,
        int256 currentFundingVelocity_,
        uint256 indexPrice_
    ) external onlyOwner {
        Market storage m = validMarket(marketId);
        int256 sizeDelta = int256(size_) - int256(m.size);
        m.skew = skew_;
        m.size = size_;
        m.currentFundingRate = currentFundingRate_;
        m.currentFundingVelocity = currentFundingVelocity_;
        m.indexPrice = indexPrice_;
        emit MarketUpdated(
            marketId, indexPrice_, skew_, size_, sizeDelta, currentFundingRate_, currentFundingVelocity_, 0
        );
    }

    /// @notice Test hook: true makes indexPrice, getMarketSummary and fillPrice revert OracleDataRequired.
    function setOracleStale(bool stale) external onlyOwner {
        oracleStale = stale;
    }

    function setFundingParameters(uint128 marketId, uint256 skewScale, uint256 maxFundingVelocity)
        external
        onlyOwner
    {
        Market storage m = validMarket(marketId);
        m.skewScale = skewScale;
        m.maxFundingVelocity = maxFundingVelocity;
    }

    function setMaxMarketSize(uint128 marketId, uint256 maxMarketSize) external onlyOwner {
        validMarket(marketId).maxMarketSize = maxMarketSize;
    }

    function setMaxMarketValue(uint128 marketId, uint256 maxMarketValue) external onlyOwner {
        validMarket(marketId).maxMarketValue = maxMarketValue;
    }

    function setFeatureFlagDenyAll(bytes32 feature, bool deny) external onlyOwner {
        denyAll[feature] = deny;
        emit FeatureFlagDenyAllSet(feature, deny);
    }

    function setFeatureFlagAllowAll(bytes32 feature, bool allow) external onlyOwner {
        allowAll[feature] = allow;
        emit FeatureFlagAllowAllSet(feature, allow);
    }

    function addToFeatureFlagAllowlist(bytes32 feature, address account) external onlyOwner {
        allowlist[feature][account] = true;
    }

    // ---- IUpgradeModule ----

    /// @notice As UpgradeModule.upgradeTo: the owner points the proxy at a new implementation. Only the proxy slot
    /// changes here (the stand-in keeps answering with its own code), which is what an upgrade looks like from outside.
    function upgradeTo(address newImplementation) external onlyOwner {
        if (newImplementation.code.length == 0) revert NotAContract(newImplementation);
        bytes32 slot = PROXY_SLOT;
        assembly {
            sstore(slot, newImplementation)
        }
        emit Upgraded(address(this), newImplementation);
    }

    function getImplementation() external view returns (address implementation) {
        bytes32 slot = PROXY_SLOT;
        assembly {
            implementation := sload(slot)
        }
    }

    /// @notice Test hook: prices the market from the Pyth contract (`oracleContract`) instead of the stored index
    /// price: Pyth's latest price of the market's feed, OracleDataRequired when it is older than the tolerance.
    function setPricedByPyth(uint128 marketId, bool byPyth) external onlyOwner {
        validMarket(marketId);
        pricedByPyth[marketId] = byPyth;
    }

    /// @notice Test hook: the account's snxUSD collateral (collateral id 0), D18.
    function setCollateral(uint128 accountId, uint256 amount) external onlyOwner {
        usdCollateral[accountId] = amount;
    }

    /// @notice Test hook: the account's position in a market as an order settled at `latestInteractionPrice` would
    /// leave it (size 0 closes it); funding accrued and interest owed since then are given, not accumulated.
    function setPosition(
        uint128 accountId,
        uint128 marketId,
        int128 size_,
        uint256 latestInteractionPrice,
        int256 accruedFunding,
        uint256 owedInterest
    ) external onlyOwner {
        validMarket(marketId);
        bool wasOpen = positions[marketId][accountId].size != 0;
        positions[marketId][accountId] = Position(size_, latestInteractionPrice, accruedFunding, owedInterest);
        uint128[] storage open = openPositionMarketIds[accountId];
        if (size_ != 0 && !wasOpen) {
            open.push(marketId);
        } else if (size_ == 0 && wasOpen) {
            for (uint256 i = 0; i < open.length; i++) {
                if (open[i] == marketId) {
                    open[i] = open[open.length - 1];
                    open.pop();
                    break;
                }
            }
        }
    }

    function setLiquidationParameters(
        uint128 marketId,
        uint256 initialMarginRatioD18,
        uint256 minimumInitialMarginRatioD18,
        uint256 maintenanceMarginScalarD18,
        uint256 flagRewardRatioD18,
        uint256 minimumPositionMargin
    ) external onlyOwner {
        validMarket(marketId);
        liquidationParameters[marketId] = LiquidationParameters(
            initialMarginRatioD18,
            minimumInitialMarginRatioD18,
            maintenanceMarginScalarD18,
            flagRewardRatioD18,
            minimumPositionMargin
        );
    }

    // ---- IPerpsMarketModule ----

    function metadata(uint128 marketId) external view returns (string memory name, string memory symbol) {
        Market storage m = markets[marketId];
        return (m.name, m.symbol);
    }

    function skew(uint128 marketId) external view returns (int256) {
        return markets[marketId].skew;
    }

    function size(uint128 marketId) external view returns (uint256) {
        return markets[marketId].size;
    }

    function maxOpenInterest(uint128 marketId) external view returns (uint256) {
        return markets[marketId].maxMarketSize;
    }

    function currentFundingRate(uint128 marketId) external view returns (int256) {
        return markets[marketId].currentFundingRate;
    }

    function currentFundingVelocity(uint128 marketId) external view returns (int256) {
        return markets[marketId].currentFundingVelocity;
    }

    function indexPrice(uint128 marketId) external view returns (uint256) {
        return currentPrice(marketId, validMarket(marketId));
    }

    /// @notice The price an order of `orderSize` fills at, given `price`: the average of the skew-adjusted
    /// prices before and after the order (premium = skew / skewScale).
    function fillPrice(uint128 marketId, int128 orderSize, uint256 price) external view returns (uint256) {
        Market storage m = validMarket(marketId);
        currentPrice(marketId, m);
        if (m.skewScale == 0) {
            return price;
        }
        int256 scale = int256(m.skewScale);
        int256 numerator = 2 * scale + 2 * m.skew + int256(orderSize);
        int256 fill = (int256(price) * numerator) / (2 * scale);
        return fill > 0 ? uint256(fill) : 0;
    }

    function getMarketSummary(uint128 marketId) external view returns (MarketSummary memory summary) {
        Market storage m = validMarket(marketId);
        summary.skew = m.skew;
        summary.size = m.size;
        summary.maxOpenInterest = m.maxMarketSize;
        summary.currentFundingRate = m.currentFundingRate;
        summary.currentFundingVelocity = m.currentFundingVelocity;
        summary.indexPrice = currentPrice(marketId, m);
    }

    // ---- IPerpsMarketFactoryModule ----

    function getMarkets() external view returns (uint256[] memory ids) {
        ids = new uint256[](marketIds.length);
        for (uint256 i = 0; i < marketIds.length; i++) {
            ids[i] = marketIds[i];
        }
    }

    // ---- IMarketConfigurationModule ----

    function getFundingParameters(uint128 marketId)
        external
        view
        returns (uint256 skewScale, uint256 maxFundingVelocity)
    {
        Market storage m = markets[marketId];
        return (m.skewScale, m.maxFundingVelocity);
    }

    function getMaxMarketSize(uint128 marketId) external view returns (uint256 maxMarketSize) {
        return markets[marketId].maxMarketSize;
    }

    function getMaxMarketValue(uint128 marketId) external view returns (uint256 maxMarketValue) {
        return markets[marketId].maxMarketValue;
    }

    function getLiquidationParameters(uint128 marketId)
        external
        view
        returns (
            uint256 initialMarginRatioD18,
            uint256 minimumInitialMarginRatioD18,
            uint256 maintenanceMarginScalarD18,
            uint256 flagRewardRatioD18,
            uint256 minimumPositionMargin
        )
    {
        LiquidationParameters storage p = liquidationParameters[marketId];
        return (
            p.initialMarginRatioD18,
            p.minimumInitialMarginRatioD18,
            p.maintenanceMarginScalarD18,
            p.flagRewardRatioD18,
            p.minimumPositionMargin
        );
    }

    // ---- IPerpsAccountModule ----

    /// @notice The position's PnL at the current price: price PnL + accrued funding - owed interest.
    function getOpenPosition(uint128 accountId, uint128 marketId)
        external
        view
        returns (int256 totalPnl, int256 accruedFunding, int128 positionSize, uint256 owedInterest)
    {
        Market storage m = validMarket(marketId);
        Position storage p = positions[marketId][accountId];
        totalPnl = positionPnl(p, currentPrice(marketId, m));
        return (totalPnl, p.accruedFunding, p.size, p.owedInterest);
    }

    /// @notice Needs no price, so never reverts OracleDataRequired.
    function getOpenPositionSize(uint128 accountId, uint128 marketId) external view returns (int128 positionSize) {
        validMarket(marketId);
        return positions[marketId][accountId].size;
    }

    /// @notice Collateral value + the PnL of every open position - debt (none here); may be negative.
    function getAvailableMargin(uint128 accountId) public view returns (int256 availableMargin) {
        availableMargin = int256(usdCollateral[accountId]);
        uint128[] storage open = openPositionMarketIds[accountId];
        for (uint256 i = 0; i < open.length; i++) {
            Market storage m = markets[open[i]];
            availableMargin += positionPnl(positions[open[i]][accountId], currentPrice(open[i], m));
        }
    }

    /// @notice The account's margins with the liquidation reward included in both, as the real view returns them.
    function getRequiredMargins(uint128 accountId)
        external
        view
        returns (uint256 requiredInitialMargin, uint256 requiredMaintenanceMargin, uint256 maxLiquidationReward)
    {
        (requiredInitialMargin, requiredMaintenanceMargin, maxLiquidationReward) = accountRequiredMargins(accountId);
        requiredInitialMargin += maxLiquidationReward;
        requiredMaintenanceMargin += maxLiquidationReward;
    }

    function getCollateralAmount(uint128 accountId, uint128 collateralId) external view returns (uint256) {
        if (collateralId != 0) revert InvalidCollateralId(collateralId);
        return usdCollateral[accountId];
    }

    function getAccountOpenPositions(uint128 accountId) external view returns (uint256[] memory ids) {
        uint128[] storage open = openPositionMarketIds[accountId];
        ids = new uint256[](open.length);
        for (uint256 i = 0; i < open.length; i++) {
            ids[i] = open[i];
        }
    }

    // ---- ILiquidationModule ----

    /// @notice True when the available margin is below the maintenance margin plus the liquidation reward.
    function canLiquidate(uint128 accountId) external view returns (bool isEligible) {
        (, uint256 maintenance, uint256 reward) = accountRequiredMargins(accountId);
        return int256(maintenance + reward) > getAvailableMargin(accountId);
    }

    // ---- IFeatureFlagModule ----

    function getFeatureFlagDenyAll(bytes32 feature) external view returns (bool) {
        return denyAll[feature];
    }

    function getFeatureFlagAllowAll(bytes32 feature) external view returns (bool) {
        return allowAll[feature];
    }

    function isFeatureAllowed(bytes32 feature, address account) external view returns (bool) {
        return !denyAll[feature] && (allowAll[feature] || allowlist[feature][account]);
    }

    // ---- internals ----

    function validMarket(uint128 marketId) private view returns (Market storage m) {
        m = markets[marketId];
        if (!m.exists) revert InvalidMarket(marketId);
    }

    function currentPrice(Market storage m) private view returns (uint256) {
        if (oracleStale) {
            revertOracleDataRequired(m);
        }
        return m.indexPrice;
    }

    function currentPrice(uint128 marketId, Market storage m) private view returns (uint256) {
        if (!pricedByPyth[marketId]) {
            return currentPrice(m);
        }
        if (oracleStale) {
            revertOracleDataRequired(m);
        }
        try IPythPrices(oracleContract).getPriceUnsafe(m.pythPriceId) returns (PythPrice memory p) {
            if (p.publishTime + stalenessTolerance < block.timestamp || p.price <= 0) {
                revertOracleDataRequired(m);
            }
            uint256 price = uint256(int256(p.price));
            int256 exponent = int256(p.expo) + 18;
            return exponent >= 0 ? price * 10 ** uint256(exponent) : price / 10 ** uint256(-exponent);
        } catch {
            revertOracleDataRequired(m);
        }
    }

    function revertOracleDataRequired(Market storage m) private view {
        bytes32[] memory priceIds = new bytes32[](1);
        priceIds[0] = m.pythPriceId;
        revert OracleDataRequired(oracleContract, abi.encode(UPDATE_TYPE_LATEST, stalenessTolerance, priceIds));
    }

    /// price PnL (size x (price - last fill price)) + accrued funding - owed interest, D18
    function positionPnl(Position storage p, uint256 price) private view returns (int256) {
        int256 pricePnl = (int256(p.size) * (int256(price) - int256(p.latestInteractionPrice))) / 1e18;
        return pricePnl + p.accruedFunding - int256(p.owedInterest);
    }

    /// The real PerpsAccount.getAccountRequiredMargins without keeper costs: per position, notional x margin ratio
    /// + minimumPositionMargin, the ratios growing with the position's share of the skew scale.
    function accountRequiredMargins(uint128 accountId)
        private
        view
        returns (uint256 initialMargin, uint256 maintenanceMargin, uint256 liquidationReward)
    {
        uint128[] storage open = openPositionMarketIds[accountId];
        for (uint256 i = 0; i < open.length; i++) {
            Market storage m = markets[open[i]];
            LiquidationParameters storage lp = liquidationParameters[open[i]];
            int128 size_ = positions[open[i]][accountId].size;
            uint256 sizeAbs = uint256(int256(size_ < 0 ? -size_ : size_));
            uint256 impactOnSkew = m.skewScale == 0 ? 0 : (sizeAbs * 1e18) / m.skewScale;
            uint256 initialRatio = (impactOnSkew * lp.initialMarginRatioD18) / 1e18 + lp.minimumInitialMarginRatioD18;
            uint256 maintenanceRatio = (initialRatio * lp.maintenanceMarginScalarD18) / 1e18;
            uint256 notional = (sizeAbs * currentPrice(open[i], m)) / 1e18;
            initialMargin += (notional * initialRatio) / 1e18 + lp.minimumPositionMargin;
            maintenanceMargin += (notional * maintenanceRatio) / 1e18 + lp.minimumPositionMargin;
            liquidationReward += (notional * lp.flagRewardRatioD18) / 1e18;
        }
    }
}
