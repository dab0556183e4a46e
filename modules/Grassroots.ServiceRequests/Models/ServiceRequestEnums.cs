namespace Grassroots.ServiceRequests.Models;

/// <summary>How a request reached us (受理渠道).</summary>
public enum ServiceChannel
{
    /// <summary>窗口.</summary>
    Window = 1,

    /// <summary>电话.</summary>
    Phone = 2,

    /// <summary>信函.</summary>
    Letter = 3,

    /// <summary>网上 (the portal or Open311).</summary>
    Online = 4,

    /// <summary>网格上报.</summary>
    Grid = 5,

    /// <summary>代办 (a cadre or liaison handles it on the resident's behalf).</summary>
    Proxy = 6,
}

/// <summary>The handling class (办件类型) a request currently has.</summary>
public enum ServiceClass
{
    /// <summary>即办件: done on the spot.</summary>
    Immediate = 1,

    /// <summary>承诺件: deadline = the guide's time limit in working days from registration.</summary>
    Promised = 2,

    /// <summary>补办件: waiting for missing materials; the clock is stopped.</summary>
    Supplement = 3,

    /// <summary>上报件: escalated to the level above, with its own deadline.</summary>
    Escalated = 4,
}

/// <summary>Where a request is in the five steps.</summary>
public enum ServiceStage
{
    /// <summary>待分流: at a room or centre, waiting to be dispatched to a window.</summary>
    AwaitingDispatch = 1,

    /// <summary>待签收: dispatched to a window, waiting for it to accept or send back.</summary>
    AwaitingAcceptance = 2,

    /// <summary>办理中.</summary>
    InProgress = 3,

    /// <summary>待补件: a one-time notice of missing materials was issued; the clock is stopped.</summary>
    AwaitingMaterials = 4,

    /// <summary>延期审批中: an extension was requested before the deadline (the clock keeps running).</summary>
    AwaitingExtension = 5,

    /// <summary>待裁定: sent back twice; the level above decides who handles it.</summary>
    AwaitingArbitration = 6,

    /// <summary>已办结, waiting for the follow-up (回访).</summary>
    Completed = 7,

    /// <summary>已回访, closed.</summary>
    Closed = 8,
}

/// <summary>Follow-up method (回访方式).</summary>
public enum FollowUpMethod
{
    /// <summary>当面.</summary>
    InPerson = 1,

    /// <summary>电话.</summary>
    Phone = 2,

    /// <summary>信函.</summary>
    Letter = 3,

    /// <summary>网络 (the resident answers online).</summary>
    Online = 4,
}

/// <summary>Satisfaction on five levels (满意度).</summary>
public enum Satisfaction
{
    /// <summary>非常不满意.</summary>
    VeryDissatisfied = 1,

    /// <summary>不满意.</summary>
    Dissatisfied = 2,

    /// <summary>基本满意.</summary>
    Neutral = 3,

    /// <summary>满意.</summary>
    Satisfied = 4,

    /// <summary>非常满意.</summary>
    VerySatisfied = 5,
}
